import { describe, expect, it } from 'vitest';
import { containsId, idMembership, ordinalsSortedById } from './sorted-ids.ts';
import { loadSnapshot } from '../../../test/support/load-snapshot.ts';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';

/** The plain answer: ordinals sorted by (id, ordinal) with a comparator. */
function byComparator(ids: Uint32Array, count: number): number[] {
  return Array.from({ length: count }, (_, k) => k).sort((a, b) => ids[a] - ids[b] || a - b);
}

function shuffledIds(count: number, spacing: number, seed: number): Uint32Array {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const ids = Uint32Array.from({ length: count }, (_, k) => 1 + k * spacing);
  for (let k = count - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [ids[k], ids[j]] = [ids[j], ids[k]];
  }
  return ids;
}

describe('ordinalsSortedById', () => {
  it('orders a real snapshot by id', () => {
    const snapshot = loadSnapshot(fixtureSnapshot('listener-pileup', 'final'));
    expect(Array.from(ordinalsSortedById(snapshot.nodeId, snapshot.nodeCount))).toEqual(
      byComparator(snapshot.nodeId, snapshot.nodeCount),
    );
  });

  it('orders dense ids (the table) and sparse ones (the radix sort) alike', () => {
    for (const spacing of [1, 2, 7, 1000, 800_003]) {
      const ids = shuffledIds(5000, spacing, spacing);
      expect(Array.from(ordinalsSortedById(ids, ids.length))).toEqual(byComparator(ids, ids.length));
    }
  });

  it('keeps every ordinal when ids repeat (a damaged file), in id order', () => {
    const ids = Uint32Array.from([5, 3, 5, 1, 3, 9, 1]);
    expect(Array.from(ordinalsSortedById(ids, ids.length))).toEqual([3, 6, 1, 4, 0, 2, 5]);
  });

  it('reads only the first `count` ids', () => {
    const ids = Uint32Array.from([4, 2, 8, 0, 0, 0]);
    expect(Array.from(ordinalsSortedById(ids, 3))).toEqual([1, 0, 2]);
  });
});

describe('idMembership', () => {
  it('answers as the binary search does, for dense sets (bits) and sparse ones', () => {
    for (const spacing of [1, 3, 33, 800_003]) {
      const ids = Uint32Array.from({ length: 3000 }, (_, k) => 7 + k * spacing);
      const has = idMembership(ids);
      const asked = [0, 6, 7, 8, ids[1499], ids[1499] + 1, ids[2999], ids[2999] + 1, 0xffffffff];
      for (let id = 0; id < Math.min(ids[2999] + 40, 200_000); id++) asked.push(id);
      for (const id of asked) expect(has(id), `id ${id}, spacing ${spacing}`).toBe(containsId(ids, id));
    }
  });

  it('holds nothing when the set is empty', () => {
    const has = idMembership(new Uint32Array(0));
    expect([0, 1, 12345].some(has)).toBe(false);
  });
});
