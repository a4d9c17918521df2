import { describe, expect, it } from 'vitest';
import { byDue, moduleOf } from './model.ts';

describe('moduleOf', () => {
  it('names the module folder from the entity type', () => {
    expect(moduleOf('assignment')).toBe('assignments');
    expect(moduleOf('request.reply')).toBe('requests');
    expect(moduleOf('documents')).toBe('documents');
  });
});

describe('byDue', () => {
  it('puts the earliest deadline first', () => {
    const items = [
      { title: '乙', deadline: { dueAt: '2026-03-10T15:59:59.999Z' } },
      { title: '甲', deadline: { dueAt: '2026-03-05T15:59:59.999Z' } },
      { title: '丙', deadline: { dueAt: '2026-03-10T15:59:59.999Z' } },
    ];
    expect(items.sort(byDue).map((i) => i.title)).toEqual(['甲', '丙', '乙']);
  });
});
