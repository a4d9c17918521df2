import type { Actor } from '../../core/auth/actor.ts';
import { shanghaiDate } from '../../core/calendar/dates.ts';
import type { Clock } from '../../core/clock.ts';
import type { RequestsService } from './service.ts';

/**
 * Requests at the stages people act on, so that the office, the education bureau's drafter and the
 * head of the disclosure office each find one in My tasks, and the lists and statistics are not
 * empty: received today (to register and assign), assigned (to search and draft), a reply waiting
 * for approval, one answered and archived, and one waiting for the applicant's correction.
 */
export async function seedDemoRequests(
  services: { requests: RequestsService; clock: Clock },
  actorOf: (username: 'officer' | 'drafter' | 'officehead') => Actor,
  agencies: { county: string; education: string; health: string },
  users: { drafter: string },
): Promise<number> {
  const { requests } = services;
  const today = shanghaiDate(services.clock.now());
  const officer = actorOf('officer');
  const applicant = {
    applicantType: 'natural_person',
    idType: 'resident_id',
    form: 'electronic',
    delivery: 'email',
  } as const;
  const intake = (agencyId: string, name: string, idNumber: string, phone: string, description: string) =>
    requests.registerForApplicant(officer, {
      ...applicant,
      agencyId,
      applicantName: name,
      idNumber,
      phone,
      email: 'applicant@example.cn',
      description,
      channel: 'in_person',
      submittedOn: today,
    });
  const assign = (id: string) =>
    requests.act(officer, id, {
      type: 'assign',
      input: { agencyId: agencies.education, assigneeId: users.drafter },
    });

  await intake(
    agencies.county,
    '马建华',
    '640422198503150015',
    '13909541234',
    '2025年西吉县城乡居民最低生活保障资金发放情况',
  );

  const searching = await intake(
    agencies.education,
    '李秀兰',
    '640422199002280027',
    '13895412345',
    '2026年秋季学期义务教育阶段营养改善计划资金使用明细',
  );
  await assign(searching.id);

  const drafted = await intake(
    agencies.education,
    '王志强',
    '64042219800808003X',
    '13709549876',
    '县第一中学2026年教师招聘公告及拟聘用人员名单',
  );
  await assign(drafted.id);
  await requests.act(actorOf('drafter'), drafted.id, {
    type: 'record_search',
    input: { record: '检索了人事股2026年教师招聘档案及局网站发布记录。' },
  });
  await requests.act(actorOf('drafter'), drafted.id, {
    type: 'draft_reply',
    input: {
      outcome: 'disclosed',
      text: '你申请的招聘公告和拟聘用人员名单已经主动公开。',
      provision: { alreadyPublic: true, where: '西吉县人民政府门户网站“法定主动公开内容”栏目' },
    },
  });

  const archived = await intake(
    agencies.education,
    '杨海燕',
    '640422197512120040',
    '13519543210',
    '2026年学生资助政策宣传材料',
  );
  await assign(archived.id);
  await requests.act(actorOf('drafter'), archived.id, {
    type: 'draft_reply',
    input: {
      outcome: 'disclosed',
      text: '现将宣传材料电子版提供给你。',
      provision: { alreadyPublic: false, where: '通过电子邮件发送' },
    },
  });
  const replied = await requests.act(actorOf('officehead'), archived.id, { type: 'approve_reply' });
  const reply = replied.notices.find((n) => n.kind === 'reply');
  if (reply)
    await requests.act(officer, archived.id, {
      type: 'record_delivery',
      input: { noticeId: reply.id, method: 'email' },
    });
  await requests.act(officer, archived.id, { type: 'archive' });

  const unclear = await intake(
    agencies.health,
    '张伟',
    '640422198811110015',
    '15009541111',
    '关于医院的有关情况',
  );
  await requests.act(officer, unclear.id, {
    type: 'request_correction',
    input: {
      items: ['请写明所需信息的名称、文号或者便于查询的其他特征', '请写明所指医院的名称和所需信息的年份'],
    },
  });
  return 5;
}
