import { describe, expect, it } from 'vitest';
import { ordinalsSortedById } from './sorted-ids.ts';
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
