import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError } from '../../lib/api.ts';
import { flattenAgencies, useAgencyTree } from '../../lib/agencies.ts';
import { formatDate } from '../../lib/format.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { useCan, useSession } from '../../lib/session.ts';
import {
  useCalendarYear,
  useRegions,
  useRemoveOverride,
  useSetOverride,
  type CalendarDayView,
  type OverrideResult,
} from './api.ts';
import { DAY_STYLES, MonthGrid } from './MonthGrid.tsx';

const SOURCE_LABELS: Record<CalendarDayView['source'], string> = {
  'chinese-days': '国务院节假日安排',
  fixture: '国务院节假日安排（补录）',
  admin: '地区调整',
  weekday_rule: '周一至周五',
};

function movedText(result: OverrideResult): string {
  return result.moved > 0
    ? `${result.moved} 个未办结事项的截止日期随之调整，已通知相关人员。`
    : '没有未办结事项的截止日期受到影响。';
}

/** Set or remove a regional override for one day. */
function DayEditor(props: {
  day: CalendarDayView | null;
  regionCode: string;
  regionName: string;
  onClose: () => void;
}) {
  const { day, regionCode, regionName, onClose } = props;
  const [form] = Form.useForm<{ isWorking: boolean; name: string }>();
  const setOverride = useSetOverride();
  const removeOverride = useRemoveOverride();
  const { message } = App.useApp();
  const ownOverride = day?.source === 'admin' && day.regionCode === regionCode;

  const save = async () => {
    if (!day) return;
    const values = await validValues(form);
    if (!values) return;
    try {
      const result = await setOverride.mutateAsync({ regionCode, date: day.date, ...values });
      void message.success(`已保存 ${regionName} ${formatDate(day.date)} 的调整。${movedText(result)}`, 6);
      onClose();
    } catch (error) {
      if (!applyFieldErrors(form, error, ['isWorking', 'name']) && error instanceof ApiError) {
        void message.error(error.message);
      }
    }
  };

  const remove = async () => {
    if (!day) return;
    try {
      const result = await removeOverride.mutateAsync({ regionCode, date: day.date });
      void message.success(`已删除该地区调整。${movedText(result)}`, 6);
      onClose();
    } catch {
      // The API client has shown the message.
    }
  };

  return (
    <Modal
      title={day ? `${regionName} · ${formatDate(day.date)}` : ''}
      open={day !== null}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        ownOverride && (
          <Button key="remove" danger loading={removeOverride.isPending} onClick={() => void remove()}>
            删除地区调整
          </Button>
        ),
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="save" type="primary" loading={setOverride.isPending} onClick={() => void save()}>
          保存
        </Button>,
      ]}
    >
      {day && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ isWorking: !day.isWorking, name: ownOverride ? (day.name ?? '') : '' }}
        >
          <Typography.Paragraph>
            当前：{DAY_STYLES[day.reason].label}
            {day.name && `（${day.name}）`}，来源：{SOURCE_LABELS[day.source]}
          </Typography.Paragraph>
          <Form.Item label="调整为" name="isWorking">
            <Radio.Group
              options={[
                { value: false, label: '休息日（如本地区的开斋节、古尔邦节）' },
                { value: true, label: '工作日' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="名称或原因"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写名称或原因，如“开斋节”' }]}
          >
            <Input maxLength={30} placeholder="如：开斋节" />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            保存后，本地区所有未办结事项的期限将按新日历重新计算，截止日期变化的经办人会收到通知。
          </Typography.Paragraph>
        </Form>
      )}
    </Modal>
  );
}

/** 工作日历: national holidays and 调休 plus regional overrides, by region and year; admins edit overrides. */
export function CalendarPage() {
  const me = useSession();
  const canManage = useCan('calendar.manage');
  const agencies = useAgencyTree();
  const regions = useRegions();
  const ownRegion = useMemo(
    () => flattenAgencies(agencies.data ?? []).find((a) => a.id === me.currentAgencyId)?.regionCode,
    [agencies.data, me.currentAgencyId],
  );
  const [pickedRegion, setRegion] = useState<string>();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [editingDate, setEditingDate] = useState<string | null>(null);
  const regionCode = pickedRegion ?? ownRegion ?? '';
  const calendar = useCalendarYear(year, regionCode);

  const regionOptions = [
    { value: '', label: '全国' },
    ...(regions.data ?? []).map((r) => ({ value: r.code, label: r.name })),
  ];
  const regionName = regionOptions.find((o) => o.value === regionCode)?.label ?? regionCode;
  const days = calendar.data?.days ?? [];
  const months = Array.from({ length: 12 }, (_, i) =>
    days.filter((d) => Number(d.date.slice(5, 7)) === i + 1),
  );
  const overrides = days.filter((d) => d.source === 'admin');
  const editing = (editingDate && days.find((d) => d.date === editingDate)) || null;
  const edit = (day: CalendarDayView) => setEditingDate(day.date);
  const uncovered = calendar.data ? !calendar.data.covered : false;
  const editable = canManage && regionCode !== '';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        工作日历
      </Typography.Title>
      <Card>
        <Space wrap size="large">
          <Space>
            <span>地区</span>
            <Select
              aria-label="地区"
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 200 }}
              value={regionCode}
              onChange={setRegion}
              options={regionOptions}
              loading={regions.isPending}
            />
          </Space>
          <Space>
            <Button aria-label="上一年" icon={<LeftOutlined />} onClick={() => setYear((y) => y - 1)} />
            <Typography.Text strong style={{ fontSize: 16 }}>
              {year} 年
            </Typography.Text>
            <Button aria-label="下一年" icon={<RightOutlined />} onClick={() => setYear((y) => y + 1)} />
          </Space>
          <Space wrap>
            {Object.values(DAY_STYLES).map((s) => (
              <Tag key={s.label} style={{ background: s.background, color: s.color, borderColor: '#cbd5e1' }}>
                {s.label}
              </Tag>
            ))}
            <Tag style={{ border: '2px dashed #b45309', background: '#fff', color: '#1f2937' }}>地区调整</Tag>
          </Space>
          {editable && (
            <DatePicker
              aria-label="选择要调整的日期"
              onChange={(date: Dayjs | null) => {
                if (!date) return;
                setYear(date.year());
                setEditingDate(date.format('YYYY-MM-DD'));
              }}
            />
          )}
        </Space>
        {editable && (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            点击日历中的日期（或用日期选择框）为{regionName}
            设置地区性的休息日或工作日，例如宁夏的开斋节、古尔邦节。
          </Typography.Paragraph>
        )}
        {canManage && regionCode === '' && (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            全国日历来自国务院办公厅每年的节假日安排通知；如需调整，请选择具体地区。
          </Typography.Paragraph>
        )}
      </Card>
      {uncovered && (
        <Alert
          type="warning"
          showIcon
          title={`${year} 年尚无国务院节假日安排数据`}
          description="以下按周一至周五为工作日推算，节假日和调休未计入；期限计算会标注为暂定。"
        />
      )}
      {calendar.isPending ? (
        <Spin />
      ) : calendar.isError ? (
        <Alert type="error" title={calendar.error.message} />
      ) : (
        <div
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))', gap: 12 }}
        >
          {months.map((monthDays, i) => (
            <Card key={i} size="small">
              <MonthGrid month={i + 1} days={monthDays} onPick={editable ? edit : undefined} />
            </Card>
          ))}
        </div>
      )}
      <Card title={`${year} 年地区调整（${overrides.length}）`} size="small">
        <Table<CalendarDayView>
          rowKey="date"
          size="small"
          pagination={false}
          dataSource={overrides}
          locale={{
            emptyText: (
              <Typography.Text type="secondary">{`${regionName} ${year} 年没有地区调整，按全国日历执行。`}</Typography.Text>
            ),
          }}
          columns={[
            { title: '日期', dataIndex: 'date', width: 160, render: (d: string) => formatDate(d) },
            {
              title: '调整为',
              dataIndex: 'isWorking',
              width: 100,
              render: (w: boolean) => (w ? '工作日' : '休息日'),
            },
            { title: '名称或原因', dataIndex: 'name', render: (n: string | null) => n ?? '—' },
            {
              title: '适用地区',
              dataIndex: 'regionCode',
              width: 160,
              render: (code: string | null) => regionOptions.find((o) => o.value === code)?.label ?? code,
            },
            ...(editable
              ? [
                  {
                    title: '操作',
                    key: 'edit',
                    width: 100,
                    render: (_: unknown, d: CalendarDayView) => (
                      <Button type="link" onClick={() => edit(d)}>
                        修改
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <DayEditor
        day={editing}
        regionCode={regionCode}
        regionName={regionName}
        onClose={() => setEditingDate(null)}
      />
    </Space>
  );
}
