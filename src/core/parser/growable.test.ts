import { describe, expect, it } from 'vitest';
import { initialCapacity } from './growable.ts';

describe('initialCapacity', () => {
  it('allocates a declared count whole only when it is known to be exact', () => {
    const declared = 10_000_000; // 240 MB of node columns at 24 bytes a node
    expect(initialCapacity(declared, 24, true)).toBe(declared);
    expect(initialCapacity(declared, 24, false)).toBe(Math.floor((64 * 1024 * 1024) / 24));
    expect(initialCapacity(500, 24, false)).toBe(500);
  });
});
