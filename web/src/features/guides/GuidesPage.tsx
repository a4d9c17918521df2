import { ExportOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Space, Spin, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { GUIDE_FIELD_LABELS, GUIDE_FIELDS } from '../../../../src/modules/guides/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { useAgencyTree } from '../../lib/agencies.ts';
import { ApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { useGuide, useSaveGuide, type GuideField, type GuideInput, type GuideView } from './api.ts';

/** The long texts get a text area; each line becomes one paragraph on the portal. */
const MULTILINE: readonly GuideField[] = ['howToApply', 'feeRule', 'classification', 'arrangement'];
const OPTIONAL: readonly GuideField[] = ['fax', 'postalCode'];

const HELP: Partial<Record<GuideField, string>> = {
  internetContact: '电子邮箱或网上申请地址',
  fax: '没有传真的可留空，门户显示“暂无”',
  howToApply: '在线申请、信函、当面等渠道；每行为一段',
  feeRule: '依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
};

/** The form's values: '' for none (the API takes '' or null). */
function formValues(content: GuideView['content']): GuideInput {
  return Object.fromEntries(GUIDE_FIELDS.map((f) => [f, content[f] ?? ''])) as GuideInput;
}

function GuideForm({ guide }: { guide: GuideView }) {
  const [form] = Form.useForm<GuideInput>();
  const save = useSaveGuide();
  const { message } = App.useApp();
  useEffect(() => {
    form.setFieldsValue(formValues(guide.content));
  }, [form, guide]);

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    try {
      await save.mutateAsync({ agencyId: guide.agencyId, body: values });
      void message.success('指南已保存，门户页面已更新');
    } catch (error) {
      if (!applyFieldErrors(form, error, [...GUIDE_FIELDS]) && error instanceof ApiError)
        void message.error(error.message);
    }
  };

  return (
    <Form form={form} layout="vertical" disabled={!guide.canEdit} initialValues={formValues(guide.content)}>
      {GUIDE_FIELDS.map((f) => (
        <Form.Item
          key={f}
          name={f}
          label={
            <Space size={8}>
              {GUIDE_FIELD_LABELS[f]}
              {guide.customized.includes(f) ? <Tag color="blue">已自定义</Tag> : <Tag>根据单位信息生成</Tag>}
            </Space>
          }
          extra={HELP[f]}
          rules={
            OPTIONAL.includes(f)
              ? []
              : [{ required: true, whitespace: true, message: `请填写${GUIDE_FIELD_LABELS[f]}` }]
          }
        >
          {MULTILINE.includes(f) ? (
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={5000} showCount />
          ) : (
            <Input maxLength={f === 'internetContact' ? 300 : 200} />
          )}
        </Form.Item>
      ))}
      {guide.canEdit && (
        <Space>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()}>
            保存
          </Button>
          <Button onClick={() => form.setFieldsValue(formValues(guide.defaults))}>
            恢复为根据单位信息生成的内容
          </Button>
        </Space>
      )}
    </Form>
  );
}

/**
 * 政府信息公开指南 (条例第十二条): the disclosure office keeps each agency's guide up to date. Fields
 * it leaves as generated follow the agency's data (address, phone) when those change.
 */
export function GuidesPage() {
  const { agencyId: fromUrl } = useParams();
  const navigate = useNavigate();
  const tree = useAgencyTree();
  const agencyId = fromUrl ?? tree.data?.[0]?.id;
  const guide = useGuide(agencyId);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        信息公开指南
      </Typography.Title>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <span id="guide-agency-label">单位</span>
          <AgencyTreeSelect
            aria-labelledby="guide-agency-label"
            value={agencyId}
            style={{ minWidth: 280 }}
            onChange={(id) => void navigate(`/guides/${id}`)}
          />
          {guide.data && (
            <Button icon={<ExportOutlined />} href={guide.data.portalPath} target="_blank" rel="noopener">
              在门户预览
            </Button>
          )}
        </Space>
        {guide.isPending ? (
          <Spin />
        ) : guide.isError ? (
          <Alert type="error" title={guide.error.message} />
        ) : (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {guide.data.updatedAt
                ? `最近由${guide.data.updatedBy?.name ?? ''}于 ${formatDateTime(guide.data.updatedAt)} 保存。`
                : '尚未编辑：以下内容根据单位信息生成，请核对办公时间、传真和邮政编码后保存。'}
              标为“根据单位信息生成”的项目会随单位地址、电话等信息自动更新。
            </Typography.Text>
            {!guide.data.canEdit && (
              <Alert type="info" title="只有政务公开工作机构可以编辑该单位的指南，您可以查看。" />
            )}
            <GuideForm key={guide.data.agencyId} guide={guide.data} />
          </Space>
        )}
      </Card>
    </Space>
  );
}
