import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.ts';
import { availableEvents, transition } from './model.ts';

describe('assignment state machine', () => {
  it('completes or cancels an open assignment', () => {
    expect(transition('open', 'complete')).toBe('completed');
    expect(transition('open', 'cancel')).toBe('cancelled');
    expect(availableEvents('open')).toEqual(['complete', 'cancel']);
  });

  it('ends there: a completed or cancelled assignment changes no more', () => {
    for (const status of ['completed', 'cancelled'] as const) {
      expect(availableEvents(status)).toEqual([]);
      for (const event of ['complete', 'cancel'] as const) {
        expect(() => transition(status, event)).toThrow(DomainError);
      }
    }
  });

  it('explains in Chinese why a closed assignment cannot be completed', () => {
    expect(() => transition('cancelled', 'complete')).toThrow('该交办事项已撤销，不能办结');
  });
});
