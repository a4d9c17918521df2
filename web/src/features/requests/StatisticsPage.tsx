import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Drawer,
  List,
  Select,
  Space,
  Spin,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  DISPUTE_OUTCOME_LABELS,
  DISPUTE_OUTCOMES,
  REQUEST_STATUS_LABELS,
  type ApplicantType,
} from '../../../../src/modules/requests/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { formatDate } from '../../lib/format.ts';
import { useSession } from '../../lib/session.ts';
import {
  currentYear,
  outcomeLabel,
  statisticsXlsxUrl,
  useStatistics,
  useStatisticsCell,
  yearOptions,
  type CellKey,
  type TableFourColumn,
  type TableFourRow,
  type TableThreeColumn,
  type TableThreeRow,
} from './api.ts';
import { RequestsTabs } from './shared.tsx';

/** Table 三's applicant columns as the report prints them (statistics.ts APPLICANT_COLUMN_LABELS). */
const THREE_LABELS: Record<TableThreeColumn, string> = {
  ...APPLICANT_TYPE_LABELS,
  other_org: '其他',
  total: '总计',
};
const LEGAL_PERSONS = APPLICANT_TYPES.filter((t) => t !== 'natural_person');

const FOUR_COLUMNS: TableFourColumn[] = [...DISPUTE_OUTCOMES, 'total'];
const FOUR_LABELS: Record<TableFourColumn, string> = { ...DISPUTE_OUTCOME_LABELS, total: '总计' };

interface Drill {
  title: string;
  cell: CellKey;
  page: number;
}

/** The requests behind one cell, fetched a page at a time when the cell is opened. */
function DrillDrawer({
  agencyId,
  year,
  drill,
  onPage,
  onClose,
}: {
  agencyId: string | undefined;
  year: number;
  drill: Drill | null;
  onPage: (page: number) => void;
  onClose: () => void;
}) {
  const found = useStatisticsCell(agencyId, year, drill?.cell ?? null, drill?.page ?? 1);
  const data = found.data;
  return (
    <Drawer title={drill?.title} open={drill !== null} onClose={onClose} size={520}>
      {found.isError ? (
        <Alert type="error" title={found.error.message} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {data ? `共 ${data.total} 件申请` : <Spin size="small" />}
          </Typography.Paragraph>
          <List
            loading={found.isFetching}
            dataSource={data?.requests ?? []}
            pagination={
              data && data.total > data.pageSize
                ? {
                    current: drill?.page,
                    pageSize: data.pageSize,
                    total: data.total,
                    showSizeChanger: false,
                    onChange: onPage,
                  }
                : false
            }
            renderItem={(r) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <Link to={`/requests/${r.id}`}>申请 {r.trackingNumber}</Link>
                  <Typography.Text type="secondary">
                    {r.applicantName} · {formatDate(r.receivedOn)}收到 ·{' '}
                    {r.outcome && r.repliedOn
                      ? `${formatDate(r.repliedOn)}答复：${outcomeLabel(r.outcome)}`
                      : REQUEST_STATUS_LABELS[r.status]}
                    {r.caseReceivedOn && ` · ${formatDate(r.caseReceivedOn)}复议或诉讼收案`}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Drawer>
  );
}

/** A cell: the number, and when it is not zero, a button that opens the requests behind it. */
function cell<C extends string>(
  row: { label: string; cells: Record<C, number> },
  column: C,
  label: string,
  key: CellKey,
  onDrill: (d: Drill) => void,
) {
  const n = row.cells[column];
  if (!n) return <span>0</span>;
  return (
    <Button
      type="link"
      style={{ padding: 0, height: 'auto' }}
      aria-label={`${row.label}，${label}：${n} 件，查看申请`}
      onClick={() => onDrill({ title: `${row.label} · ${label}`, cell: key, page: 1 })}
    >
      {n}
    </Button>
  );
}

function TableThree({ rows, onDrill }: { rows: TableThreeRow[]; onDrill: (d: Drill) => void }) {
  const column = (c: TableThreeColumn) => ({
    title: THREE_LABELS[c],
    key: c,
    width: 90,
    align: 'center' as const,
    render: (_: unknown, row: TableThreeRow) =>
      cell(row, c, THREE_LABELS[c], `three.${row.key}.${c}`, onDrill),
  });
  const columns: TableColumnsType<TableThreeRow> = [
    { title: '项目', dataIndex: 'label', width: 360 },
    {
      title: '申请人情况',
      children: [
        column('natural_person'),
        { title: '法人或其他组织', children: LEGAL_PERSONS.map((t: ApplicantType) => column(t)) },
        column('total'),
      ],
    },
  ];
  return (
    <Table<TableThreeRow>
      size="small"
      bordered
      rowKey="key"
      pagination={false}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 990 }}
    />
  );
}

function TableFour({ groups, onDrill }: { groups: TableFourRow[]; onDrill: (d: Drill) => void }) {
  return (
    <Table<TableFourRow>
      size="small"
      bordered
      rowKey="key"
      pagination={false}
      dataSource={groups}
      columns={[
        { title: '类型', dataIndex: 'label', width: 260 },
        ...FOUR_COLUMNS.map((c) => ({
          title: FOUR_LABELS[c],
          key: c,
          width: 110,
          align: 'center' as const,
          render: (_: unknown, row: TableFourRow) =>
            cell(row, c, FOUR_LABELS[c], `four.${row.key}.${c}`, onDrill),
        })),
      ]}
    />
  );
}

/** 统计: tables 三 and 四 of the annual report for one agency and year, each cell drilling down to its requests. */
export function StatisticsPage() {
  const me = useSession();
  const [agencyId, setAgencyId] = useState<string | undefined>(me.currentAgencyId ?? undefined);
  const [year, setYear] = useState(currentYear());
  const stats = useStatistics(agencyId, year);
  const [drill, setDrill] = useState<Drill | null>(null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        依申请公开
      </Typography.Title>
      <RequestsTabs />
      <Card>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <AgencyTreeSelect
              aria-label="统计单位"
              placeholder="请选择统计单位"
              style={{ width: 280 }}
              value={agencyId}
              onChange={setAgencyId}
            />
            <Select<number>
              aria-label="统计年度"
              style={{ width: 140 }}
              value={year}
              onChange={setYear}
              options={yearOptions()}
            />
          </Space>
          {agencyId && (
            <Button icon={<DownloadOutlined />} href={statisticsXlsxUrl(agencyId, year)}>
              导出 Excel
            </Button>
          )}
        </Space>
      </Card>
      {!agencyId ? (
        <Alert type="info" showIcon title="请选择统计单位" />
      ) : stats.isPending ? (
        <Spin />
      ) : stats.isError ? (
        <Alert type="error" title={stats.error.message} />
      ) : (
        <>
          <Card title={`三、收到和处理政府信息公开申请情况（${year} 年）`}>
            <TableThree rows={stats.data.tableThree.rows} onDrill={setDrill} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              每列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和。点击非零数字查看对应的申请。
            </Typography.Paragraph>
          </Card>
          <Card title={`四、政府信息公开行政复议、行政诉讼情况（${year} 年）`}>
            <TableFour groups={stats.data.tableFour.groups} onDrill={setDrill} />
          </Card>
        </>
      )}
      <DrillDrawer
        agencyId={agencyId}
        year={year}
        drill={drill}
        onPage={(page) => setDrill((d) => d && { ...d, page })}
        onClose={() => setDrill(null)}
      />
    </Space>
  );
}
