import { Alert, App, Button, Card, Checkbox, Form, InputNumber, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import {
  REVIEW_STEP_LABELS,
  REVIEW_STEPS,
  type ReviewStep,
} from '../../../../src/modules/documents/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { useAgencyNames } from '../../lib/agencies.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { ApiError } from '../../lib/api.ts';
import { useSession } from '../../lib/session.ts';
import { useSaveSettings, useSettings, type SettingsView } from './api.ts';
import { DocumentsTabs } from './shared.tsx';

interface Values {
  /** Keep the chain of the agency above (or the default) instead of setting one here. */
  inheritSteps: boolean;
  reviewSteps: ReviewStep[];
  publicationDays: number | null;
  consultationDays: number | null;
}

function Source({ from, own, names }: { from: string | null; own: boolean; names: Map<string, string> }) {
  const text = own ? '本单位设置' : from ? `沿用“${names.get(from) ?? '上级单位'}”的设置` : '沿用默认规定';
  return <Typography.Text type="secondary">{text}</Typography.Text>;
}

function SettingsForm({ view, agencyId }: { view: SettingsView; agencyId: string }) {
  const [form] = Form.useForm<Values>();
  const save = useSaveSettings();
  const names = useAgencyNames();
  const { message } = App.useApp();
  const disabled = !view.mayEdit;
  const inherit = Form.useWatch('inheritSteps', form);
  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    try {
      await save.mutateAsync({
        agencyId,
        body: {
          reviewSteps: values.inheritSteps
            ? null
            : [...new Set<ReviewStep>([...values.reviewSteps, 'secrecy'])],
          publicationDays: values.publicationDays ?? null,
          consultationDays: values.consultationDays ?? null,
        },
      });
      void message.success('审核设置已保存，此后提交的文件按新设置办理');
    } catch (e) {
      if (
        !applyFieldErrors(form, e, ['reviewSteps', 'publicationDays', 'consultationDays']) &&
        e instanceof ApiError
      )
        void message.error(e.message);
    }
  };
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      disabled={disabled}
      initialValues={{
        inheritSteps: view.own.reviewSteps === null,
        reviewSteps: view.reviewSteps,
        publicationDays: view.own.publicationDays,
        consultationDays: view.own.consultationDays,
      }}
    >
      <Form.Item name="inheritSteps" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Checkbox>审核环节沿用上级单位（或默认）的设置</Checkbox>
      </Form.Item>
      <Form.Item
        label="审核环节"
        name="reviewSteps"
        extra={
          <Source from={view.inheritedFrom.reviewSteps} own={view.own.reviewSteps !== null} names={names} />
        }
      >
        <Checkbox.Group
          options={REVIEW_STEPS.map((s) => ({
            value: s,
            label:
              s === 'secrecy' ? `${REVIEW_STEP_LABELS[s]}（《条例》第十七条，必须）` : REVIEW_STEP_LABELS[s],
            disabled: s === 'secrecy' || inherit === true,
          }))}
        />
      </Form.Item>
      <Form.Item
        label="公开时限"
        name="publicationDays"
        extra={
          <>
            当前生效：{view.publicationDays} 个工作日（
            <Source
              from={view.inheritedFrom.publicationDays}
              own={view.own.publicationDays !== null}
              names={names}
            />
            ）。留空则沿用上级或《条例》第二十六条的 20 个工作日；只能更短，不能超过 20 个工作日。
          </>
        }
      >
        <InputNumber<number>
          min={1}
          max={20}
          precision={0}
          suffix="个工作日"
          placeholder="沿用"
          style={{ width: 200 }}
        />
      </Form.Item>
      <Form.Item
        label="会签答复期限"
        name="consultationDays"
        extra={
          <>
            当前生效：{view.consultationDays} 个工作日（
            <Source
              from={view.inheritedFrom.consultationDays}
              own={view.own.consultationDays !== null}
              names={names}
            />
            ）。联合发文单位逾期未答复的视为同意。
          </>
        }
      >
        <InputNumber<number>
          min={1}
          max={30}
          precision={0}
          suffix="个工作日"
          placeholder="沿用"
          style={{ width: 200 }}
        />
      </Form.Item>
      {!disabled && (
        <Button type="primary" loading={save.isPending} onClick={() => void ok()}>
          保存
        </Button>
      )}
    </Form>
  );
}

/** 审核设置: an agency's review chain and local time limits, and where inherited values come from. */
export function SettingsPage() {
  const me = useSession();
  const [agencyId, setAgencyId] = useState<string | undefined>(me.currentAgencyId ?? undefined);
  const settings = useSettings(agencyId);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        主动公开
      </Typography.Title>
      <DocumentsTabs />
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <AgencyTreeSelect
            aria-label="设置单位"
            style={{ width: 280 }}
            value={agencyId}
            onChange={setAgencyId}
          />
          {settings.isPending && agencyId ? (
            <Spin />
          ) : settings.isError ? (
            <Alert type="error" title={settings.error.message} />
          ) : settings.data && agencyId ? (
            <>
              {!settings.data.mayEdit && (
                <Alert
                  type="info"
                  showIcon
                  title="只有政务公开专员可以修改审核设置；这里显示该单位当前生效的设置。"
                />
              )}
              <SettingsForm
                key={agencyId + settings.dataUpdatedAt}
                view={settings.data}
                agencyId={agencyId}
              />
            </>
          ) : null}
        </Space>
      </Card>
    </Space>
  );
}
