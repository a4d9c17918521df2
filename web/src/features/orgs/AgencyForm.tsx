import { App, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { isValidDivisionCode, isValidPhone, isValidUscc } from '../../../../src/core/validators.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { AGENCY_KIND_LABELS, useSaveAgency, type Agency, type AgencyCreateInput } from './api.ts';

type Values = Omit<AgencyCreateInput, 'parentId'> & { parentId?: string | null; active?: boolean };

const FIELDS = [
  'parentId',
  'name',
  'shortName',
  'kind',
  'uscc',
  'divisionCode',
  'regionCode',
  'address',
  'phone',
  'sortOrder',
  'active',
];

/** A check that lets an empty value through: optional fields are validated only when filled in. */
const when = (valid: (v: string) => boolean, message: string) => ({
  validator: (_: unknown, value: string | null | undefined) =>
    !value || valid(value) ? Promise.resolve() : Promise.reject(new Error(message)),
});

/** 新增/编辑单位. `agency` set = edit; `parentId` = the parent for a new agency. */
export function AgencyForm(props: {
  open: boolean;
  agency?: Agency;
  parentId?: string | null;
  onClose: () => void;
}) {
  const { open, agency, parentId, onClose } = props;
  const [form] = Form.useForm<Values>();
  const save = useSaveAgency();
  const { message } = App.useApp();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      agency ? { ...agency } : { parentId: parentId ?? null, kind: 'department', sortOrder: 0 },
    );
  }, [open, agency, parentId, form]);

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    const body: AgencyCreateInput & { active?: boolean } = { ...values, parentId: values.parentId ?? null };
    try {
      await save.mutateAsync({ id: agency?.id, body });
      void message.success(agency ? '单位信息已保存' : '单位已创建');
      onClose();
    } catch (error) {
      if (!applyFieldErrors(form, error, FIELDS) && error instanceof ApiError)
        void message.error(error.message);
    }
  };

  return (
    <Modal
      title={agency ? `编辑单位：${agency.name}` : '新增单位'}
      open={open}
      width={640}
      okText="保存"
      confirmLoading={save.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item label="上级单位" name="parentId" extra="最上级单位（本级人民政府）不选上级单位">
          <AgencyTreeSelect allowClear excludeIds={agency ? [agency.id] : []} />
        </Form.Item>
        <Form.Item
          label="单位名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请输入单位名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item label="简称" name="shortName">
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item label="单位类型" name="kind" rules={[{ required: true, message: '请选择单位类型' }]}>
            <Select
              options={Object.entries(AGENCY_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item
            label="统一社会信用代码"
            name="uscc"
            normalize={(v?: string) => v?.trim().toUpperCase()}
            rules={[when(isValidUscc, '统一社会信用代码有误：应为 18 位，且校验位须正确（GB 32100-2015）')]}
          >
            <Input maxLength={18} placeholder="18 位，如 11640422MB1234567X" />
          </Form.Item>
          <Form.Item
            label="行政区划代码"
            name="divisionCode"
            rules={[when(isValidDivisionCode, '行政区划代码有误：应为 6 位数字，如 640422')]}
          >
            <Input maxLength={6} placeholder="如 640422" />
          </Form.Item>
          <Form.Item
            label="日历地区代码"
            name="regionCode"
            extra="计算工作日所用的地区日历，留空则取所在省份"
            rules={[when(isValidDivisionCode, '日历地区代码有误：应为 6 位数字，如 640000')]}
          >
            <Input maxLength={6} placeholder="如 640000" />
          </Form.Item>
          <Form.Item
            label="联系电话"
            name="phone"
            rules={[when(isValidPhone, '请填写带区号的固定电话或手机号码')]}
          >
            <Input maxLength={20} placeholder="如 0954-7011234" />
          </Form.Item>
        </div>
        <Form.Item label="地址" name="address">
          <Input maxLength={200} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item label="排序号" name="sortOrder" extra="同级单位按排序号从小到大排列">
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          {agency && (
            <Form.Item label="状态" name="active" valuePropName="checked">
              <Switch checkedChildren="正常" unCheckedChildren="已撤销" />
            </Form.Item>
          )}
        </div>
      </Form>
    </Modal>
  );
}
