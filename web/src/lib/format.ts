import dayjs from 'dayjs';

/** 2026-11-21 → 2026年11月21日 */
export function formatDate(date: string | null | undefined): string {
  return date ? dayjs(date).format('YYYY年M月D日') : '—';
}

// Deadlines are counted in Beijing time (core/calendar/dates.ts); times are shown in it too, whatever
// zone the browser is set to. The sv-SE locale writes 'YYYY-MM-DD HH:mm'.
const BEIJING_MINUTE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** ISO instant → Beijing date and time, to the minute: 2026-11-22T02:52:00Z → 2026-11-22 10:52 */
export function formatDateTime(at: string | null | undefined): string {
  return at ? BEIJING_MINUTE.format(new Date(at)) : '—';
}
