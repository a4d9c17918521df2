import { Alert, App, DatePicker, Form, Input, List, Modal, Radio, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { VALIDITIES, VALIDITY_LABELS, type Validity } from '../../../../src/modules/documents/model.ts';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.ts';
import { useScreen, useStep, type DocumentView, type ScreeningRecord } from './api.ts';
import { FindingItem, WarningReasons } from './Findings.tsx';

/** The dialogs that take one text: approve (optional opinion), return, withdraw, escalate, convert. */
export type TextStep = 'approve' | 'return' | 'withdraw' | 'escalate' | 'convert';

const TEXT_STEPS: Record<
  TextStep,
  { title: string; ok: string; label: string; min: number; field: string; danger?: boolean; done: string }
> = {
  approve: {
    title: '审核通过',
    ok: '同意',
    label: '审核意见（可不填）',
    min: 0,
    field: 'opinion',
    done: '已审核通过',
  },
  return: {
    title: '退回修改',
    ok: '退回',
    label: '退回意见',
    min: 2,
    field: 'opinion',
    danger: true,
    done: '已退回起草人',
  },
  withdraw: {
    title: '撤回已发布文件',
    ok: '撤回',
    label: '撤回原因',
    min: 5,
    field: 'reason',
    danger: true,
    done: '已撤回',
  },
  escalate: {
    title: '报请保密行政管理部门确定',
    ok: '报请',
    label: '请示事项（对是否涉密不能确定的内容）',
    min: 5,
    field: 'question',
    done: '已报请，保密审查期限暂停计算',
  },
  convert: {
    title: '转为主动公开',
    ok: '转为主动公开',
    label: '转为主动公开的理由',
    min: 5,
    field: 'reason',
    done: '已转为主动公开，自今日起计算公开时限',
  },
};

function useFail() {
  const { message } = App.useApp();
  return <T,>(form: ReturnType<typeof Form.useForm<T>>[0], error: unknown, fields: string[]) => {
    if (!applyFieldErrors(form, error, fields) && error instanceof ApiError)
      void message.error(error.message);
  };
}

export function TextStepDialog(props: { doc: DocumentView; step: TextStep | null; onClose: () => void }) {
  const { doc, step, onClose } = props;
  const [form] = Form.useForm<{ text?: string }>();
  const run = useStep();
  const fail = useFail();
  const { message } = App.useApp();
  const spec = step ? TEXT_STEPS[step] : null;
  useEffect(() => {
    if (step) form.resetFields();
  }, [step, form]);
  const ok = async () => {
    if (!step || !spec) return;
    const values = await validValues(form);
    if (!values) return;
    const text = values.text?.trim() ? values.text.trim() : null;
    try {
      await run.mutateAsync({ id: doc.id, step, body: { [spec.field]: text } });
      void message.success(spec.done);
      onClose();
    } catch (error) {
      // The server names the field (opinion, reason, question): it is this dialog's one text.
      if (error instanceof ApiError && error.fields[spec.field]) {
        form.setFields([{ name: 'text', errors: [error.fields[spec.field] ?? ''] }]);
      } else fail(form, error, []);
    }
  };
  return (
    <Modal
      title={spec ? `${spec.title}：${doc.title}` : ''}
      open={step !== null}
      okText={spec?.ok}
      okButtonProps={{ danger: spec?.danger }}
      confirmLoading={run.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item
          label={spec?.label}
          name="text"
          rules={
            spec && spec.min > 0
              ? [
                  {
                    required: true,
                    whitespace: true,
                    min: spec.min,
                    message: `请填写${spec.label}（至少 ${spec.min} 个字）`,
                  },
                ]
              : []
          }
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 登记保密行政管理部门答复: which authority answered, and what. */
export function EscalationAnswerDialog(props: { doc: DocumentView; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ authority: string; answer: string }>();
  const run = useStep();
  const fail = useFail();
  const { message } = App.useApp();
  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    try {
      await run.mutateAsync({ id: props.doc.id, step: 'escalation-answer', body: values });
      void message.success('已登记答复，保密审查期限恢复计算');
      form.resetFields();
      props.onClose();
    } catch (error) {
      fail(form, error, ['authority', 'answer']);
    }
  };
  return (
    <Modal
      title="登记保密行政管理部门答复"
      open={props.open}
      okText="登记"
      confirmLoading={run.isPending}
      onOk={() => void ok()}
      onCancel={props.onClose}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item
          label="答复机关"
          name="authority"
          rules={[{ required: true, whitespace: true, message: '请填写答复机关' }]}
        >
          <Input maxLength={100} placeholder="如：西吉县国家保密局" />
        </Form.Item>
        <Form.Item
          label="答复内容"
          name="answer"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写答复内容（至少 2 个字）' }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 变更有效性: 有效 / 失效 / 废止, with the end date and a note that the portal shows. */
export function ValidityDialog(props: { doc: DocumentView; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ validity: Validity; effectiveTo?: Dayjs | null; note: string }>();
  const run = useStep();
  const fail = useFail();
  const { message } = App.useApp();
  useEffect(() => {
    if (props.open) form.setFieldsValue({ validity: props.doc.validity, note: '' });
  }, [props.open, props.doc.validity, form]);
  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    try {
      await run.mutateAsync({
        id: props.doc.id,
        step: 'validity',
        body: {
          validity: values.validity,
          effectiveTo: values.effectiveTo ? values.effectiveTo.format('YYYY-MM-DD') : null,
          note: values.note,
        },
      });
      void message.success('有效性已变更');
      props.onClose();
    } catch (error) {
      fail(form, error, ['validity', 'effectiveTo', 'note']);
    }
  };
  return (
    <Modal
      title="变更有效性"
      open={props.open}
      okText="保存"
      confirmLoading={run.isPending}
      onOk={() => void ok()}
      onCancel={props.onClose}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item label="有效性" name="validity">
          <Radio.Group options={VALIDITIES.map((v) => ({ value: v, label: VALIDITY_LABELS[v] }))} />
        </Form.Item>
        <Form.Item label="失效日期" name="effectiveTo" extra="不填则保持原失效日期">
          <DatePicker />
        </Form.Item>
        <Form.Item
          label="说明"
          name="note"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写说明（至少 2 个字）' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：已被西政发〔2026〕3号废止" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 发布: runs the pre-publication screening first. Blocking findings refuse publication; every
 * warning needs the publisher's reason (overrides), which the audit record keeps under their name.
 */
export function PublishDialog(props: { doc: DocumentView; open: boolean; onClose: () => void }) {
  const { doc, open, onClose } = props;
  const me = useSession();
  const screen = useScreen();
  const publish = useStep();
  const { message } = App.useApp();
  const [record, setRecord] = useState<ScreeningRecord | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const screenDoc = screen.mutateAsync;

  useEffect(() => {
    if (!open) return;
    setRecord(null);
    setReasons({});
    setError(null);
    screenDoc(doc.id).then(setRecord, (e: unknown) =>
      setError(e instanceof ApiError ? e.message : '发布前检查失败'),
    );
  }, [open, doc.id, screenDoc]);

  const blocking = record?.findings.filter((f) => f.severity === 'blocking') ?? [];
  const warnings = record?.findings.filter((f) => f.severity === 'warning') ?? [];
  const missing = warnings.filter((f) => (reasons[f.key] ?? '').trim().length < 5);
  const ready = record !== null && blocking.length === 0 && missing.length === 0;

  const ok = async () => {
    if (!ready) return;
    setError(null);
    try {
      await publish.mutateAsync({
        id: doc.id,
        step: 'publish',
        body: { overrides: warnings.map((f) => ({ key: f.key, reason: (reasons[f.key] ?? '').trim() })) },
      });
      void message.success('已发布到门户网站');
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '发布失败');
    }
  };

  return (
    <Modal
      title={`发布：${doc.title}`}
      open={open}
      width={760}
      okText="确认发布"
      okButtonProps={{ disabled: !ready }}
      confirmLoading={publish.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      destroyOnHidden
    >
      {record === null && !error ? (
        <Spin description="正在进行发布前检查…" />
      ) : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          {record && blocking.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={`发布前检查发现 ${blocking.length} 项须修改的问题，不能发布。请退回起草人修改后重新审核。`}
            />
          )}
          {record && blocking.length > 0 && (
            <List size="small" bordered dataSource={blocking} renderItem={(f) => <FindingItem f={f} />} />
          )}
          {record && blocking.length === 0 && warnings.length === 0 && (
            <Alert type="success" showIcon title="发布前检查未发现问题" />
          )}
          {record && blocking.length === 0 && warnings.length > 0 && (
            <>
              <Alert
                type="warning"
                showIcon
                title={`有 ${warnings.length} 项提醒：请逐项说明不修改即发布的理由（至少 5 个字），理由记入审计日志。`}
              />
              <WarningReasons
                warnings={warnings}
                reasons={reasons}
                onChange={(key, reason) => setReasons((r) => ({ ...r, [key]: reason }))}
              />
            </>
          )}
          {error && <Alert type="error" showIcon role="alert" title={error} />}
          <Typography.Text type="secondary">
            发布人：{me.user.displayName}。发布后生成索引号，文件在门户公开并进入全文检索。
          </Typography.Text>
        </div>
      )}
    </Modal>
  );
}
