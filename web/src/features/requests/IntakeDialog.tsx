import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Result,
  Select,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { FileView } from '../../../../src/core/files/schemas.ts';
import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  CHANNEL_LABELS,
  CHANNELS,
  DELIVERIES,
  DELIVERY_LABELS,
  FORM_LABELS,
  FORMS,
  ID_TYPE_LABELS,
  ID_TYPES,
  type Channel,
} from '../../../../src/modules/requests/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { ApiError, query, uploadFile } from '../../lib/api.ts';
import { validValues } from '../../lib/forms.ts';
import { useRegisterRequest, type RequestView, type StaffIntakeInput } from './api.ts';
import { useSubmit } from './forms.ts';
import { isoDay, notAfterToday, todayValue } from './shared.tsx';

type Values = Omit<StaffIntakeInput, 'submittedOn' | 'signedOn' | 'confirmedOn' | 'fileIds'> & {
  receiptDay: Dayjs;
};

/** Staff register what arrives by letter, in person, orally, by fax or e-mail; online is the portal's. */
const STAFF_CHANNELS = CHANNELS.filter((c) => c !== 'online');

/** 条例第三十一条: which day counts as receipt, by channel, and the field that carries it. */
const RECEIPT: Record<
  Channel,
  { key: 'submittedOn' | 'signedOn' | 'confirmedOn'; label: string; help: string }
> = {
  online: { key: 'submittedOn', label: '提交日期', help: '网上申请以提交之日为收到之日' },
  in_person: { key: 'submittedOn', label: '提交日期', help: '当面提交的，以提交之日为收到申请之日' },
  oral: { key: 'submittedOn', label: '提交日期', help: '口头提出、代为填写的，以提出之日为收到申请之日' },
  post_signed: { key: 'signedOn', label: '签收日期', help: '以邮寄方式提交的，以签收之日为收到申请之日' },
  post_ordinary: {
    key: 'confirmedOn',
    label: '确认收到日期',
    help: '平信无需签收的，以与申请人确认之日为收到申请之日',
  },
  fax: { key: 'confirmedOn', label: '确认收到日期', help: '传真提交的，以双方确认之日为收到申请之日' },
  email: { key: 'confirmedOn', label: '确认收到日期', help: '电子邮件提交的，以双方确认之日为收到申请之日' },
};

const FIELDS = [
  'agencyId',
  'channel',
  'receiptDay',
  'applicantType',
  'applicantName',
  'contactPerson',
  'idType',
  'idNumber',
  'phone',
  'email',
  'address',
  'postalCode',
  'description',
  'purpose',
  'form',
  'delivery',
  'intakeNote',
];

/** The server names the receipt date by its own key (or receivedOn); the form has one date field. */
const DATE_ALIASES = {
  receivedOn: 'receiptDay',
  submittedOn: 'receiptDay',
  signedOn: 'receiptDay',
  confirmedOn: 'receiptDay',
};

function ScansField(props: {
  agencyId: string | undefined;
  value: FileView[];
  onChange: (next: FileView[]) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  return (
    <>
      <Upload
        multiple
        fileList={[
          ...props.value.map((f) => ({ uid: f.id, name: f.name, status: 'done' as const })),
          ...uploading,
        ]}
        customRequest={(options) => {
          const file = options.file as File & { uid?: string };
          const uid = file.uid ?? file.name;
          setError(null);
          setUploading((u) => [...u, { uid, name: file.name, status: 'uploading' }]);
          uploadFile<FileView>(`/api/files${query({ agencyId: props.agencyId })}`, file, { quiet: true })
            .then((saved) => {
              setUploading((u) => u.filter((f) => f.uid !== uid));
              props.onChange([...props.value, saved]);
              options.onSuccess?.(saved);
            })
            .catch((e: unknown) => {
              setUploading((u) => u.filter((f) => f.uid !== uid));
              setError(e instanceof ApiError ? e.message : `${file.name} 上传失败`);
              options.onError?.(e instanceof Error ? e : new Error(String(e)));
            });
        }}
        onRemove={(f) => {
          props.onChange(props.value.filter((v) => v.id !== f.uid));
          return true;
        }}
      >
        <Button icon={<UploadOutlined />}>上传扫描件</Button>
      </Upload>
      {error && <Alert type="error" showIcon style={{ marginTop: 8 }} title={error} role="alert" />}
    </>
  );
}

/** What the applicant must keep: the tracking number and the private link, shown this once. */
function Registered({ created, onClose }: { created: RequestView & { token: string }; onClose: () => void }) {
  const navigate = useNavigate();
  const link = `${window.location.origin}/track/${created.token}`;
  return (
    <Result
      status="success"
      title={`已登记，申请编号 ${created.trackingNumber}`}
      subTitle={`受理机关：${created.agencyName}`}
      extra={[
        <Button
          key="open"
          type="primary"
          onClick={() => {
            onClose();
            void navigate(`/requests/${created.id}`);
          }}
        >
          查看申请详情
        </Button>,
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
      ]}
    >
      <Typography.Paragraph>
        请告知申请人申请编号和以下查询链接（查询时还需联系电话后四位）。链接只显示这一次，关闭后无法再次查看：
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: link }} code aria-label="查询链接">
        /track/{created.token}
      </Typography.Paragraph>
    </Result>
  );
}

/** 登记申请 (POST /api/requests): the application as the applicant gave it, and how and when it came. */
export function IntakeDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const register = useRegisterRequest();
  const submit = useSubmit();
  const [scans, setScans] = useState<FileView[]>([]);
  const [created, setCreated] = useState<(RequestView & { token: string }) | null>(null);
  const channel = Form.useWatch('channel', form) ?? 'post_signed';
  const applicantType = Form.useWatch('applicantType', form);
  const agencyId = Form.useWatch('agencyId', form);
  const receipt = RECEIPT[channel];

  useEffect(() => {
    if (open) {
      form.resetFields();
      setScans([]);
      setCreated(null);
    }
  }, [open, form]);

  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    const { receiptDay, ...rest } = values;
    const body: StaffIntakeInput = {
      ...rest,
      [RECEIPT[values.channel].key]: isoDay(receiptDay),
      fileIds: scans.map((s) => s.id),
    };
    await submit(
      form,
      FIELDS,
      async () => setCreated(await register.mutateAsync(body)),
      '申请已登记',
      DATE_ALIASES,
    );
  };

  return (
    <Modal
      title="登记申请"
      open={open}
      width={760}
      okText="登记"
      confirmLoading={register.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      footer={created ? null : undefined}
      forceRender
    >
      {created && <Registered created={created} onClose={onClose} />}
      <div hidden={Boolean(created)}>
        <Form
          form={form}
          layout="vertical"
          requiredMark="optional"
          initialValues={{
            channel: 'post_signed',
            receiptDay: todayValue(),
            applicantType: 'natural_person',
            idType: 'resident_id',
            form: 'paper',
            delivery: 'post',
          }}
        >
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', columnGap: 16 }}>
            <Form.Item
              label="受理机关"
              name="agencyId"
              rules={[{ required: true, message: '请选择受理机关' }]}
            >
              <AgencyTreeSelect placeholder="请选择受理机关" />
            </Form.Item>
            <Form.Item
              label="申请方式"
              name="channel"
              rules={[{ required: true, message: '请选择申请方式' }]}
            >
              <Select options={STAFF_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
            </Form.Item>
            <Form.Item
              label={receipt.label}
              name="receiptDay"
              extra={`${receipt.help}（条例第三十一条）`}
              rules={[{ required: true, message: `请填写${receipt.label}` }]}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={notAfterToday} />
            </Form.Item>
          </div>
          <Form.Item label="申请人类型" name="applicantType" rules={[{ required: true }]}>
            <Radio.Group
              options={APPLICANT_TYPES.map((t) => ({ value: t, label: APPLICANT_TYPE_LABELS[t] }))}
            />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
            <Form.Item
              label="姓名或名称"
              name="applicantName"
              rules={[{ required: true, whitespace: true, message: '请填写申请人姓名或名称' }]}
            >
              <Input maxLength={100} />
            </Form.Item>
            {applicantType && applicantType !== 'natural_person' ? (
              <Form.Item label="联系人" name="contactPerson">
                <Input maxLength={50} />
              </Form.Item>
            ) : (
              <div />
            )}
            <Form.Item label="证件类型" name="idType" rules={[{ required: true, message: '请选择证件类型' }]}>
              <Select options={ID_TYPES.map((t) => ({ value: t, label: ID_TYPE_LABELS[t] }))} />
            </Form.Item>
            <Form.Item
              label="证件号码"
              name="idNumber"
              rules={[{ required: true, whitespace: true, message: '请填写证件号码' }]}
            >
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
            <Form.Item
              label="联系电话"
              name="phone"
              rules={[{ required: true, whitespace: true, message: '请填写联系电话' }]}
            >
              <Input maxLength={20} />
            </Form.Item>
            <Form.Item label="电子邮箱" name="email">
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item label="通信地址" name="address">
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item label="邮政编码" name="postalCode">
              <Input maxLength={6} />
            </Form.Item>
          </div>
          <Form.Item
            label="所需政府信息"
            name="description"
            extra="政府信息的名称、文号或者便于查询的其他特征性描述"
            rules={[
              { required: true, whitespace: true, min: 5, message: '请描述所需的政府信息（至少 5 个字）' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item label="用途" name="purpose">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
            <Form.Item label="获取信息的形式" name="form" rules={[{ required: true }]}>
              <Radio.Group options={FORMS.map((f) => ({ value: f, label: FORM_LABELS[f] }))} />
            </Form.Item>
            <Form.Item label="获取信息的方式" name="delivery" rules={[{ required: true }]}>
              <Radio.Group options={DELIVERIES.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))} />
            </Form.Item>
          </div>
          <Form.Item
            label="登记说明"
            name="intakeNote"
            extra={
              channel === 'oral' ? '口头申请的，不填时记为“申请人口头提出，工作人员代为填写”' : undefined
            }
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item label="申请材料扫描件">
            <ScansField agencyId={agencyId} value={scans} onChange={setScans} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
