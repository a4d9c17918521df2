import dayjs from 'dayjs';

/** 2026-11-21 → 2026年11月21日 */
export function formatDate(date: string | null | undefined): string {
  return date ? dayjs(date).format('YYYY年M月D日') : '—';
}

/** ISO instant → local date and time, to the minute. */
export function formatDateTime(at: string | null | undefined): string {
  return at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—';
}
