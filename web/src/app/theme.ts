import type { ThemeConfig } from 'antd';

/**
 * A government blue whose white-on-primary text passes WCAG AA (#1d4ed8 on white: 6.7:1; antd's
 * default #1677ff is 4.1:1 and fails). Secondary text tokens are darkened for the same reason.
 */
export const PRIMARY = '#1d4ed8';
export const HEADER_BG = '#1e3a8a';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: PRIMARY,
    colorInfo: PRIMARY,
    colorError: '#c81e1e',
    colorWarning: '#b45309',
    colorSuccess: '#15803d',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
  },
  components: {
    Layout: { headerBg: HEADER_BG, headerColor: '#ffffff', siderBg: '#ffffff', headerPadding: '0 20px' },
  },
};
