import type { CalendarDayView } from './api.ts';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** How each kind of day looks; the legend uses the same table. Text colours pass AA on their backgrounds. */
export const DAY_STYLES = {
  workday: { background: '#ffffff', color: '#1f2937', label: '工作日' },
  weekend: { background: '#f1f5f9', color: '#475569', label: '周末' },
  holiday: { background: '#fee2e2', color: '#991b1b', label: '节假日' },
  adjusted_working_day: { background: '#dbeafe', color: '#1e3a8a', label: '调休上班' },
} as const;

function dayLabel(day: CalendarDayView): string {
  const kind = DAY_STYLES[day.reason].label;
  return `${day.date} ${kind}${day.name ? `（${day.name}）` : ''}${day.source === 'admin' ? '，地区调整' : ''}`;
}

/** Runs of consecutive named days (holidays, 调休 working days, regional days) for the note under the grid. */
function namedRuns(
  days: CalendarDayView[],
): { from: string; to: string; text: string; reason: CalendarDayView['reason'] }[] {
  const runs: { from: string; to: string; text: string; reason: CalendarDayView['reason'] }[] = [];
  for (const day of days) {
    if (!day.name && day.reason !== 'adjusted_working_day') continue;
    const text =
      day.reason === 'adjusted_working_day'
        ? `调休上班${day.name ? `（${day.name}）` : ''}`
        : (day.name ?? '');
    const last = runs.at(-1);
    const prev = last && new Date(Date.parse(`${last.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (last && last.text === text && prev === day.date) last.to = day.date;
    else runs.push({ from: day.date, to: day.date, text, reason: day.reason });
  }
  return runs;
}

/** One month, Monday first, as Chinese wall calendars print it. */
export function MonthGrid(props: {
  month: number;
  days: CalendarDayView[];
  onPick?: (day: CalendarDayView) => void;
}) {
  const { month, days, onPick } = props;
  const first = days[0];
  if (!first) return null;
  // getUTCDay: 0 = Sunday; the grid starts on Monday.
  const lead = (new Date(`${first.date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (CalendarDayView | null)[] = [...Array.from({ length: lead }, () => null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));

  const notes = namedRuns(days);

  return (
    <div>
      <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }}>
        <caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600, padding: '0 0 6px' }}>
          {month} 月
        </caption>
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col" style={{ fontWeight: 400, fontSize: 12, color: '#475569', padding: 2 }}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {week.map((day, j) => {
                if (!day) return <td key={j} />;
                const style = DAY_STYLES[day.reason];
                const mark =
                  day.reason === 'adjusted_working_day' ? '班' : day.reason === 'holiday' ? '休' : '';
                const content = (
                  <>
                    <span style={{ fontSize: 13 }}>{Number(day.date.slice(8))}</span>
                    {mark && <span style={{ fontSize: 10, marginInlineStart: 1 }}>{mark}</span>}
                  </>
                );
                const cellStyle: React.CSSProperties = {
                  display: 'block',
                  width: '100%',
                  height: 30,
                  lineHeight: '28px',
                  textAlign: 'center',
                  background: style.background,
                  color: style.color,
                  border: day.source === 'admin' ? '2px dashed #b45309' : '1px solid #e2e8f0',
                  borderRadius: 3,
                  padding: 0,
                  font: 'inherit',
                };
                return (
                  <td key={j} style={{ padding: 1 }}>
                    {onPick ? (
                      <button
                        type="button"
                        title={dayLabel(day)}
                        // Starts with the visible text, as a spoken command would name it.
                        aria-label={`${Number(day.date.slice(8))}${mark} ${dayLabel(day)}`}
                        onClick={() => onPick(day)}
                        style={{ ...cellStyle, cursor: 'pointer' }}
                      >
                        {content}
                      </button>
                    ) : (
                      <span title={dayLabel(day)} style={cellStyle}>
                        {content}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {notes.length > 0 && (
        <ul style={{ listStyle: 'none', padding: 0, margin: '6px 0 0', fontSize: 12 }}>
          {notes.map((n) => (
            <li key={n.from} style={{ color: DAY_STYLES[n.reason].color }}>
              {Number(n.from.slice(8))}
              {n.to !== n.from && `–${Number(n.to.slice(8))}`} 日 {n.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
