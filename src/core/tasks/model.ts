/**
 * Which console module an item belongs to, from the entity type its deadline carries: the part
 * before the first dot, in the plural of the module folders ('assignment' → 'assignments',
 * 'request.reply' → 'requests').
 */
export function moduleOf(entityType: string): string {
  const head = entityType.split('.')[0] ?? entityType;
  return head.endsWith('s') ? head : `${head}s`;
}

/** Earliest due first; ties in a stable order by title. */
export function byDue<T extends { title: string; deadline: { dueAt: string } }>(a: T, b: T): number {
  return a.deadline.dueAt.localeCompare(b.deadline.dueAt) || a.title.localeCompare(b.title, 'zh-CN');
}
