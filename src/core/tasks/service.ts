import type { Actor } from '../auth/actor.ts';
import type { DeadlinesService } from '../deadlines/service.ts';
import { byDue, moduleOf } from './model.ts';
import type { TaskView } from './schemas.ts';

export interface TasksDeps {
  deadlines: Pick<DeadlinesService, 'forAssignee'>;
  /** ORGS' agency names. */
  orgs: { agencyNames(ids: readonly string[]): Promise<Map<string, string>> };
}

export interface TasksService {
  /** My tasks: every open item waiting for the actor, in any module, earliest deadline first. */
  mine(actor: Actor): Promise<TaskView[]>;
}

export function createTasksService({ deadlines, orgs }: TasksDeps): TasksService {
  return {
    async mine(actor) {
      const open = await deadlines.forAssignee({ userId: actor.userId, memberships: actor.memberships });
      const names = await orgs.agencyNames([...new Set(open.map((d) => d.agencyId))]);
      return open
        .map((deadline) => ({
          id: deadline.id,
          title: deadline.title,
          module: moduleOf(deadline.entityType),
          agencyId: deadline.agencyId,
          agencyName: names.get(deadline.agencyId) ?? '',
          link: deadline.link,
          deadline,
        }))
        .sort(byDue);
    },
  };
}
