import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { WITHHOLDING_GROUNDS, type WithholdingGround } from '../../../../src/modules/documents/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { ApiError } from '../../lib/api.ts';
import { validValues } from '../../lib/forms.ts';
import { formatDate } from '../../lib/format.ts';
import { useSession } from '../../lib/session.ts';
import { useSelfReview, useStep, type SelfReviewView } from './api.ts';
import { DocumentsTabs, ModeTag, StatusTag } from './shared.tsx';

type Withheld = SelfReviewView['withheld'][number];

function ConvertDialog({ doc, onClose }: { doc: Withheld | null; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const convert = useStep();
  const { message } = App.useApp();
  useEffect(() => {
    if (doc) form.resetFields();
  }, [doc, form]);
  const ok = async () => {
    if (!doc) return;
    const values = await validValues(form);
    if (!values) return;
    try {
      await convert.mutateAsync({ id: doc.id, step: 'convert', body: values });
      void message.success('已转为主动公开，自今日起计算公开时限，待政务公开专员发布');
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields.reason)
        form.setFields([{ name: 'reason', errors: [e.fields.reason] }]);
      else if (e instanceof ApiError) void message.error(e.message);
    }
  };
  return (
    <Modal
      title={doc ? `转为主动公开：${doc.title}` : ''}
      open={doc !== null}
      okText="转为主动公开"
      confirmLoading={convert.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        《条例》第十八条：定期对不予公开的政府信息进行评估审查，对因情势变化可以公开的，应当公开。转为主动公开后，自今日起计算公开时限。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          label="理由"
          name="reason"
          rules={[
            { required: true, whitespace: true, min: 5, message: '请填写转为主动公开的理由（至少 5 个字）' },
          ]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 年度评估 (条例第十八条): the withheld and on-request documents of an agency, and those often requested. */
export function SelfReviewPage() {
  const me = useSession();
  const [agencyId, setAgencyId] = useState<string | undefined>(me.currentAgencyId ?? undefined);
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const review = useSelfReview(agencyId, year);
  const [converting, setConverting] = useState<Withheld | null>(null);
  const data = review.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        主动公开
      </Typography.Title>
      <DocumentsTabs />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <AgencyTreeSelect
            aria-label="评估单位"
            style={{ width: 260 }}
            value={agencyId}
            onChange={setAgencyId}
          />
          <InputNumber<number>
            aria-label="年度"
            min={2008}
            max={2100}
            precision={0}
            suffix="年度"
            value={year}
            onChange={(v) => v && setYear(v)}
          />
        </Space>
        {review.isError && <Alert type="error" title={review.error.message} />}
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          不予公开、依申请公开的信息
        </Typography.Title>
        <Table<Withheld>
          rowKey="id"
          loading={review.isPending && Boolean(agencyId)}
          dataSource={data?.withheld ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '该单位截至本年度末没有登记为不予公开或依申请公开的文件' }}
          columns={[
            {
              title: '标题',
              key: 'title',
              render: (_, d) => <Link to={`/documents/${d.id}`}>{d.title}</Link>,
            },
            { title: '成文日期', key: 'writtenOn', width: 130, render: (_, d) => formatDate(d.writtenOn) },
            {
              title: '公开属性',
              key: 'mode',
              width: 110,
              render: (_, d) => <ModeTag mode={d.disclosureMode} />,
            },
            {
              title: '依据',
              key: 'ground',
              render: (_, d) =>
                d.withholdingGround && d.withholdingGround in WITHHOLDING_GROUNDS
                  ? WITHHOLDING_GROUNDS[d.withholdingGround as WithholdingGround].label
                  : '—',
            },
            { title: '理由', key: 'reason', render: (_, d) => d.modeReason ?? '—' },
            { title: '状态', key: 'status', width: 150, render: (_, d) => <StatusTag status={d.status} /> },
            {
              title: '操作',
              key: 'actions',
              width: 130,
              render: (_, d) =>
                data?.mayConvert && d.status === 'registered' ? (
                  <Button type="link" onClick={() => setConverting(d)}>
                    转为主动公开
                  </Button>
                ) : null,
            },
          ]}
        />
        <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
          多次申请公开的信息
        </Typography.Title>
        {data && data.repeatedlyRequested.length > 0 ? (
          <Table
            rowKey="title"
            size="small"
            pagination={false}
            dataSource={data.repeatedlyRequested}
            columns={[
              { title: '申请的信息', dataIndex: 'title' },
              { title: '申请次数', dataIndex: 'count', width: 120 },
              {
                title: '对应文件',
                key: 'doc',
                width: 120,
                render: (_, r) => (r.documentId ? <Link to={`/documents/${r.documentId}`}>查看</Link> : '—'),
              },
            ]}
          />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="暂无数据：依申请公开模块启用后，这里列出本年度被多次申请的信息，供评估是否转为主动公开。"
          />
        )}
      </Card>
      <ConvertDialog doc={converting} onClose={() => setConverting(null)} />
    </Space>
  );
}
