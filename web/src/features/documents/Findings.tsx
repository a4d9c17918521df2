import { Empty, Input, List, Space, Tag, Typography } from 'antd';
import { FINDING_CODE_LABELS, SEVERITY_LABELS } from '../../../../src/modules/screening/model.ts';
import type { ReactNode } from 'react';
import type { FindingView } from './api.ts';

const TARGET_LABELS = { title: '标题', body: '正文', attachment: '附件' } as const;

/** Where a finding is, in words: 正文, 附件“名单.xlsx” · 工作表“名单”第 12 行. */
export function findingPlace(f: FindingView): string {
  const l = f.location;
  return [TARGET_LABELS[l.target], l.attachmentName && `“${l.attachmentName}”`, l.place]
    .filter(Boolean)
    .join(' · ');
}

/** One finding: its code, message, place and the excerpt with the match marked. */
export function FindingItem({ f, extra }: { f: FindingView; extra?: ReactNode }) {
  const e = f.location.excerpt;
  return (
    <List.Item>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={f.severity === 'blocking' ? 'red' : 'gold'}>{SEVERITY_LABELS[f.severity]}</Tag>
          <Typography.Text strong>{FINDING_CODE_LABELS[f.code]}</Typography.Text>
          <Typography.Text type="secondary">{findingPlace(f)}</Typography.Text>
        </Space>
        <Typography.Text>{f.message}</Typography.Text>
        {(e.match || e.before || e.after) && (
          <Typography.Paragraph
            style={{ margin: 0, padding: '4px 8px', background: 'rgba(0,0,0,0.04)', whiteSpace: 'pre-wrap' }}
          >
            {e.before && `…${e.before}`}
            <mark style={{ background: f.severity === 'blocking' ? '#ffccc7' : '#ffe58f', padding: '0 2px' }}>
              {e.match}
            </mark>
            {e.after && `${e.after}…`}
          </Typography.Paragraph>
        )}
        {extra}
      </Space>
    </List.Item>
  );
}

/** Findings grouped: what must be changed first, then the warnings that need a reason to publish. */
export function FindingsList({ findings }: { findings: readonly FindingView[] }) {
  if (findings.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未发现问题" />;
  }
  const blocking = findings.filter((f) => f.severity === 'blocking');
  const warnings = findings.filter((f) => f.severity === 'warning');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {blocking.length > 0 && (
        <section aria-label="须修改的问题">
          <Typography.Title level={4} style={{ fontSize: 15 }}>
            须修改（{blocking.length} 项，修改前不能发布）
          </Typography.Title>
          <List size="small" bordered dataSource={blocking} renderItem={(f) => <FindingItem f={f} />} />
        </section>
      )}
      {warnings.length > 0 && (
        <section aria-label="提醒">
          <Typography.Title level={4} style={{ fontSize: 15 }}>
            提醒（{warnings.length} 项，发布时须逐项说明理由）
          </Typography.Title>
          <List size="small" bordered dataSource={warnings} renderItem={(f) => <FindingItem f={f} />} />
        </section>
      )}
    </Space>
  );
}

/**
 * The warnings of a screening, each with the reason a named publisher gives for publishing it as it
 * is (at least 5 characters; the server records it under their name).
 */
export function WarningReasons(props: {
  warnings: readonly FindingView[];
  reasons: Record<string, string>;
  onChange: (key: string, reason: string) => void;
}) {
  return (
    <List
      size="small"
      bordered
      dataSource={[...props.warnings]}
      renderItem={(f) => (
        <FindingItem
          f={f}
          extra={
            <Input.TextArea
              aria-label={`忽略理由：${f.message}`}
              rows={2}
              maxLength={1000}
              placeholder="不修改即发布的理由（至少 5 个字）"
              value={props.reasons[f.key] ?? ''}
              onChange={(e) => props.onChange(f.key, e.target.value)}
            />
          }
        />
      )}
    />
  );
}
