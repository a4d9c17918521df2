import { describe, expect, it } from 'vitest';
import { createSealer } from './sealed.ts';

const KEY = 'k'.repeat(40);

describe('sealed personal fields', () => {
  it('opens what it sealed, and never stores the plain text', () => {
    const s = createSealer(KEY);
    const sealed = s.seal('11010519491231002X');
    expect(sealed).not.toContain('11010519491231002X');
    expect(s.open(sealed)).toBe('11010519491231002X');
  });

  it('seals the same value differently each time (a fresh nonce), but looks it up the same', () => {
    const s = createSealer(KEY);
    expect(s.seal('abc')).not.toBe(s.seal('abc'));
    expect(s.lookupKey('abc')).toBe(s.lookupKey('abc'));
    expect(s.lookupKey('abc')).not.toBe(s.lookupKey('abd'));
  });

  it('refuses a value sealed under another key, or altered', () => {
    const sealed = createSealer(KEY).seal('secret');
    expect(() => createSealer('x'.repeat(40)).open(sealed)).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${v}.${iv}.${tag}.${(body ?? '').startsWith('A') ? 'B' : 'A'}${(body ?? '').slice(1)}`;
    expect(() => createSealer(KEY).open(flipped)).toThrow();
    expect(() => createSealer(KEY).open('plain text')).toThrow();
  });

  it('refuses a short key', () => {
    expect(() => createSealer('short')).toThrow();
  });
});
