import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  checkAnchor,
  checkLink,
  eventHash,
  formatAnchor,
  parseAnchor,
  type ChainLink,
} from './chain.ts';

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined, so equal values give equal text', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('keeps Chinese text as is and writes dates as ISO text', () => {
    expect(canonicalJson({ name: '西吉县教育局', at: new Date('2026-01-02T03:04:05.000Z') })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z","name":"西吉县教育局"}',
    );
  });

  it('writes null for undefined at the top', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});

const first: ChainLink = (() => {
  const fields = {
    id: 'e1',
    at: '2026-01-05T01:00:00.000Z',
    actorId: 'u1',
    actorName: '系统管理员',
    agencyId: 'a1',
    entityType: 'user',
    entityId: 'u2',
    action: 'user.created',
    before: null,
    after: '{"displayName":"张三"}',
    prevHash: GENESIS_HASH,
  };
  return { ...fields, seq: 1, hash: eventHash(fields) };
})();

describe('the hash chain', () => {
  it('hashes are sha256 hex, stable for the same fields', () => {
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash({ ...first })).toBe(first.hash);
  });

  it('ignores seq and the stored hash (not part of the input)', () => {
    const other: ChainLink = { ...first, seq: 99, hash: 'x' };
    expect(eventHash(other)).toBe(first.hash);
  });

  it('every covered field changes the hash', () => {
    const changes: Partial<ChainLink>[] = [
      { id: 'e2' },
      { at: '2026-01-05T01:00:00.001Z' },
      { actorId: 'u9' },
      { actorName: '别人' },
      { agencyId: null },
      { entityType: 'agency' },
      { entityId: 'u3' },
      { action: 'user.updated' },
      { before: '{}' },
      { after: '{"displayName":"李四"}' },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const change of changes)
      expect(eventHash({ ...first, ...change }), JSON.stringify(change)).not.toBe(first.hash);
  });

  it('a sound link checks out', () => {
    expect(checkLink(first, GENESIS_HASH)).toEqual({ ok: true });
  });

  it('an altered event is caught by its own hash', () => {
    const check = checkLink({ ...first, after: '{"displayName":"李四"}' }, GENESIS_HASH);
    expect(check).toEqual({ ok: false, reason: expect.stringContaining('记录被改动') as string });
  });

  it('a missing or reordered event is caught by the next link', () => {
    const check = checkLink(first, 'a'.repeat(64));
    expect(check).toEqual({ ok: false, reason: expect.stringContaining('不衔接') as string });
  });
});

describe('anchors (a head written down outside the database)', () => {
  const hash = 'a'.repeat(64);

  it('reads back what it prints, and nothing else', () => {
    expect(parseAnchor(formatAnchor({ seq: 42, hash }))).toEqual({ seq: 42, hash });
    expect(parseAnchor(` 42:${hash}\n`)).toEqual({ seq: 42, hash });
    for (const bad of [
      '',
      '42',
      `42:${hash.slice(1)}`,
      `x:${hash}`,
      `42:${hash.toUpperCase()}`,
      `-1:${hash}`,
    ]) {
      expect(parseAnchor(bad), bad).toBeNull();
    }
  });

  it('holds while the anchored event is there with the same hash', () => {
    expect(checkAnchor({ seq: 42, hash }, hash)).toEqual({ ok: true });
    expect(checkAnchor({ seq: 42, hash }, undefined)).toMatchObject({ ok: false, reason: /截断/ });
    expect(checkAnchor({ seq: 42, hash }, 'b'.repeat(64))).toMatchObject({ ok: false, reason: /改写/ });
  });
});
