/**
 * Tag colours whose text keeps 4.5:1 contrast on their own background (WCAG AA); antd's status
 * presets (success, warning) fall short of it.
 */
export const TONES = {
  danger: { color: '#991b1b', background: '#fee2e2', borderColor: '#fca5a5' },
  warning: { color: '#92400e', background: '#fef3c7', borderColor: '#fcd34d' },
  success: { color: '#166534', background: '#dcfce7', borderColor: '#86efac' },
} as const;
