import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CommentOutlined,
  FileProtectOutlined,
  SafetyCertificateOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  GlobalOutlined,
  ReadOutlined,
  SendOutlined,
  SoundOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Action } from '../lib/session.ts';

/** One entry of the side navigation. A capability without `ready` shows what it will hold. */
export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Shown only when the server allows this action in the current agency. */
  action?: Action;
  /** For capabilities not built yet: what the page will hold (DESIGN.md's capability table). */
  upcoming?: { summary: string; details: string[] };
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

export const NAVIGATION: NavGroup[] = [
  {
    label: '工作台',
    items: [
      { path: '/tasks', label: '我的待办', icon: <CarryOutOutlined /> },
      { path: '/assignments', label: '交办事项', icon: <SendOutlined />, action: 'assignment.view' },
    ],
  },
  {
    label: '政务公开业务',
    items: [
      { path: '/documents', label: '主动公开', icon: <FileTextOutlined />, action: 'document.view' },
      { path: '/catalog', label: '公开目录', icon: <UnorderedListOutlined />, action: 'catalog.view' },
      {
        path: '/screening',
        label: '发布前检查',
        icon: <SafetyCertificateOutlined />,
        action: 'screening.view',
      },
      { path: '/guides', label: '信息公开指南', icon: <BookOutlined />, action: 'guide.manage' },
      {
        path: '/interpretations',
        label: '政策解读',
        icon: <ReadOutlined />,
        upcoming: {
          summary: '谁起草谁解读：解读材料与政策文件同步起草、同步审签、同步发布，双向关联。',
          details: [
            '每份政策文件的解读状态',
            '政策发布后 3 个工作日内发布解读的期限提醒',
            '解读形式（文字、图解、音视频）与发布记录',
          ],
        },
      },
      { path: '/requests', label: '依申请公开', icon: <FileSearchOutlined />, action: 'request.view' },
      {
        path: '/participation',
        label: '公众参与',
        icon: <CommentOutlined />,
        upcoming: {
          summary: '发布征求意见稿（不少于 7 个工作日），逐条处理公众意见并公开采纳情况和不采纳理由。',
          details: [
            '征求意见稿的起草背景、意见渠道和联系方式',
            '听证会、座谈会、专家论证',
            '领导信箱来信办理和政策咨询答复',
          ],
        },
      },
      {
        path: '/opinions',
        label: '舆情回应',
        icon: <AlertOutlined />,
        upcoming: {
          summary:
            '收集政务舆情并分级，指定责任单位，按小时计时回应：1 小时首发、5 小时权威发布、24 小时新闻发布会、其他 48 小时。',
          details: ['舆情登记、分级和转办', '逐级报告与办结', '回应不力的责任追究'],
        },
      },
      {
        path: '/press',
        label: '新闻发布',
        icon: <SoundOutlined />,
        upcoming: {
          summary: '新闻发言人名录和新闻发布会管理：发布会须提前 3 个工作日申请，并在 2 个工作日内批复。',
          details: ['新闻发言人名录', '发布会申请、批复和发布记录'],
        },
      },
      {
        path: '/websites',
        label: '网站与新媒体',
        icon: <GlobalOutlined />,
        upcoming: {
          summary: '登记政府网站和政务新媒体账号，办理网民纠错（1 个工作日内转办、2 个工作日内办结）。',
          details: [
            '网站与新媒体账号台账',
            '按全国政府网站检查指标检查栏目更新和空白栏目',
            '账号发布情况统计和网站年度报表',
          ],
        },
      },
    ],
  },
  {
    label: '监督与报告',
    items: [
      {
        path: '/supervision',
        label: '监督考核',
        icon: <FileProtectOutlined />,
        upcoming: {
          summary: '政务公开考核评分和“三随机”抽查（抽取过程可复现），社会评议、责任追究和整改跟踪。',
          details: [
            '考核指标与评分等次',
            '随机抽取检查对象、时间和内容',
            '社会评议结果',
            '责任追究记录和整改落实情况',
          ],
        },
      },
      {
        path: '/reports',
        label: '年度报告',
        icon: <BarChartOutlined />,
        upcoming: {
          summary:
            '按国家规定的政府信息公开工作年度报告格式，从本平台的办理记录自动生成各单位年报并逐级汇总。',
          details: [
            '主动公开、依申请公开、复议诉讼等统计表自动填报',
            '各单位年报汇总',
            '法定期限前发布的提醒',
          ],
        },
      },
    ],
  },
  {
    label: '系统管理',
    items: [
      { path: '/orgs', label: '组织机构', icon: <ApartmentOutlined />, action: 'agency.view' },
      { path: '/calendar', label: '工作日历', icon: <CalendarOutlined /> },
      { path: '/audit', label: '审计日志', icon: <AuditOutlined />, action: 'audit.view' },
    ],
  },
];

export const NAV_ITEMS: NavItem[] = NAVIGATION.flatMap((g) => g.items);
