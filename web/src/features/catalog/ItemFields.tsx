import { Checkbox, Form, Input, InputNumber, Radio, Select } from 'antd';
import {
  AUDIENCE_LABELS,
  AUDIENCES,
  CHANNEL_LABELS,
  CHANNELS,
  FRESHNESS_KIND_LABELS,
  FRESHNESS_KINDS,
  ITEM_MODE_LABELS,
  ITEM_MODES,
  LEVEL_LABELS,
  LEVELS,
  PERIOD_LABELS,
  PERIODS,
  type Audience,
  type Channel,
  type FreshnessKind,
  type ItemMode,
  type Level,
  type Period,
} from '../../../../src/modules/catalog/model.ts';
import type { CatalogNodeView, ItemElementsInput } from './api.ts';

/** The item form's flat values; `toElements` turns them into the API's elements. */
export interface ItemFormValues {
  name: string;
  content: string;
  basis: string;
  owner: string;
  timeLimit: string;
  freshnessKind: FreshnessKind;
  workingDays?: number;
  every?: Period;
  graceWorkingDays?: number;
  channels: Channel[];
  channelOther?: string;
  audience: Audience;
  mode: ItemMode;
  levels: Level[];
}

export const ELEMENT_FIELDS = [
  'name',
  'content',
  'basis',
  'owner',
  'timeLimit',
  'freshnessKind',
  'workingDays',
  'every',
  'graceWorkingDays',
  'channels',
  'channelOther',
  'audience',
  'mode',
  'levels',
];

export function toElements(v: ItemFormValues): ItemElementsInput {
  const freshness: ItemElementsInput['freshness'] =
    v.freshnessKind === 'after_formation'
      ? { kind: 'after_formation', workingDays: v.workingDays ?? 20 }
      : v.freshnessKind === 'periodic'
        ? { kind: 'periodic', every: v.every ?? 'year', graceWorkingDays: v.graceWorkingDays ?? 20 }
        : { kind: v.freshnessKind };
  return {
    content: v.content,
    basis: v.basis,
    owner: v.owner,
    timeLimit: v.timeLimit,
    freshness,
    channels: v.channels,
    channelOther: v.channelOther ?? '',
    audience: v.audience,
    mode: v.mode,
    levels: v.levels,
  };
}

export function fromNode(node: CatalogNodeView): ItemFormValues {
  const e = node.elements;
  if (!e) return { ...NEW_ITEM, name: node.name };
  return {
    name: node.name,
    content: e.content,
    basis: e.basis,
    owner: e.owner,
    timeLimit: e.timeLimit,
    freshnessKind: e.freshness.kind,
    workingDays: e.freshness.kind === 'after_formation' ? e.freshness.workingDays : 20,
    every: e.freshness.kind === 'periodic' ? e.freshness.every : 'year',
    graceWorkingDays: e.freshness.kind === 'periodic' ? e.freshness.graceWorkingDays : 20,
    channels: e.channels,
    channelOther: e.channelOther,
    audience: e.audience,
    mode: e.mode,
    levels: e.levels,
  };
}

export const NEW_ITEM: ItemFormValues = {
  name: '',
  content: '',
  basis: '',
  owner: '',
  timeLimit: '信息形成（变更）之日起20个工作日内',
  freshnessKind: 'after_formation',
  workingDays: 20,
  every: 'year',
  graceWorkingDays: 20,
  channels: ['website'],
  channelOther: '',
  audience: 'public',
  mode: 'proactive',
  levels: ['county'],
};

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** The standard elements of a 公开事项 (rules.md §8), as form fields. */
export function ItemFields() {
  const kind = Form.useWatch<FreshnessKind | undefined>('freshnessKind');
  const channels = Form.useWatch<Channel[] | undefined>('channels');
  return (
    <>
      <Form.Item label="公开内容（要素）" name="content" rules={required('请填写公开内容（要素）')}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item label="公开依据" name="basis" rules={required('请填写公开依据')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
        <Form.Item label="公开主体" name="owner" rules={required('请填写公开主体')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label="公开时限" name="timeLimit" rules={required('请填写公开时限')}>
          <Input maxLength={200} />
        </Form.Item>
      </div>
      <Form.Item
        label="时限规则（一致性检查据此计算）"
        name="freshnessKind"
        rules={[{ required: true, message: '请选择时限规则' }]}
      >
        <Select options={FRESHNESS_KINDS.map((k) => ({ value: k, label: FRESHNESS_KIND_LABELS[k] }))} />
      </Form.Item>
      {kind === 'after_formation' && (
        <Form.Item label="形成之日起" name="workingDays" rules={[{ required: true, message: '请填写时限' }]}>
          <InputNumber min={1} max={60} precision={0} suffix="个工作日" style={{ width: 200 }} />
        </Form.Item>
      )}
      {kind === 'periodic' && (
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item label="公开周期" name="every" rules={[{ required: true, message: '请选择公开周期' }]}>
            <Select options={PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))} />
          </Form.Item>
          <Form.Item
            label="期满后"
            name="graceWorkingDays"
            rules={[{ required: true, message: '请填写期满后的公开期限' }]}
          >
            <InputNumber min={0} max={120} precision={0} suffix="个工作日内" style={{ width: 200 }} />
          </Form.Item>
        </div>
      )}
      <Form.Item
        label="公开渠道和载体"
        name="channels"
        rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个公开渠道和载体' }]}
      >
        <Checkbox.Group options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
      </Form.Item>
      {channels?.includes('other') && (
        <Form.Item label="其他渠道" name="channelOther" rules={required('选择“其他”渠道时请说明具体渠道')}>
          <Input maxLength={200} />
        </Form.Item>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', columnGap: 16 }}>
        <Form.Item label="公开对象" name="audience">
          <Radio.Group options={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))} />
        </Form.Item>
        <Form.Item label="公开方式" name="mode">
          <Radio.Group options={ITEM_MODES.map((m) => ({ value: m, label: ITEM_MODE_LABELS[m] }))} />
        </Form.Item>
        <Form.Item
          label="公开层级"
          name="levels"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个公开层级' }]}
        >
          <Checkbox.Group options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))} />
        </Form.Item>
      </div>
    </>
  );
}
