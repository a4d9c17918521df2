import { App, Form, Input, InputNumber, Modal, Select, type FormInstance } from 'antd';
import { useEffect } from 'react';
import { ROLE_LABELS } from '../../../../src/core/auth/roles.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import {
  ASSIGNABLE_ROLES,
  useCancelAssignment,
  useCompleteAssignment,
  useCreateAssignment,
  type AssignmentCreateInput,
  type AssignmentView,
} from './api.ts';

function useSubmit() {
  const { message } = App.useApp();
  return async <T,>(form: FormInstance<T>, fields: string[], run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      void message.success(done);
      return true;
    } catch (error) {
      if (!applyFieldErrors(form, error, fields) && error instanceof ApiError)
        void message.error(error.message);
      return false;
    }
  };
}

export function CreateAssignmentDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<AssignmentCreateInput>();
  const create = useCreateAssignment();
  const submit = useSubmit();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    const fields = ['agencyId', 'assigneeRole', 'title', 'description', 'workingDays'];
    if (await submit(form, fields, () => create.mutateAsync(values), '已交办，承办人员会在“我的待办”中看到'))
      onClose();
  };
  return (
    <Modal
      title="新建交办事项"
      open={open}
      width={640}
      okText="交办"
      confirmLoading={create.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ workingDays: 5, description: '' }}
      >
        <Form.Item
          label="标题"
          name="title"
          rules={[{ required: true, whitespace: true, min: 2, message: '标题至少 2 个字' }]}
        >
          <Input maxLength={100} placeholder="如：报送 2026 年政府信息公开工作年度报告" />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item label="承办单位" name="agencyId" rules={[{ required: true, message: '请选择承办单位' }]}>
            <AgencyTreeSelect />
          </Form.Item>
          <Form.Item
            label="承办角色"
            name="assigneeRole"
            rules={[{ required: true, message: '请选择承办角色' }]}
          >
            <Select
              placeholder="请选择承办角色"
              options={ASSIGNABLE_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
            />
          </Form.Item>
        </div>
        <Form.Item
          label="办理期限"
          name="workingDays"
          extra="自交办次日起按工作日计算，节假日不计入"
          rules={[{ required: true, message: '请填写办理期限' }]}
        >
          <InputNumber min={1} max={60} precision={0} suffix="个工作日" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="说明" name="description">
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 办结 (with a note on what was done) or 撤销 (with a reason). */
export function CloseAssignmentDialog(props: {
  assignment: AssignmentView | null;
  kind: 'complete' | 'cancel';
  onClose: () => void;
}) {
  const { assignment, kind, onClose } = props;
  const [form] = Form.useForm<{ text: string }>();
  const complete = useCompleteAssignment();
  const cancel = useCancelAssignment();
  const submit = useSubmit();
  const completing = kind === 'complete';
  const ok = async () => {
    if (!assignment) return;
    const values = await validValues(form);
    if (!values) return;
    const { text } = values;
    const run = () =>
      completing
        ? complete.mutateAsync({ id: assignment.id, note: text })
        : cancel.mutateAsync({ id: assignment.id, reason: text });
    if (await submit(form, [], run, completing ? '已办结' : '已撤销')) {
      form.resetFields();
      onClose();
    }
  };
  return (
    <Modal
      title={assignment ? `${completing ? '办结' : '撤销'}：${assignment.title}` : ''}
      open={assignment !== null}
      okText={completing ? '办结' : '撤销交办'}
      okButtonProps={{ danger: !completing }}
      // Opened from the assignment's drawer as well as from the list: it must sit above the drawer.
      zIndex={1100}
      confirmLoading={complete.isPending || cancel.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item
          label={completing ? '办理情况' : '撤销原因'}
          name="text"
          rules={[
            {
              required: true,
              whitespace: true,
              min: 2,
              message: completing ? '请填写办理情况（至少 2 个字）' : '请填写撤销原因（至少 2 个字）',
            },
          ]}
        >
          <Input.TextArea rows={4} maxLength={completing ? 2000 : 500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
