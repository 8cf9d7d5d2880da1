import { radixOrder } from '../radix-order.ts';

/**
 * Node ordinals ordered by heap id. V8 hands out ids densely (a 234 MB snapshot: 3.4 M nodes, ids below 7.7 M), so
 * each ordinal is placed at its id in a table one word per possible id, and the table is read back in order: one
 * random write a node and a sequential pass, 182–231 → 55–78 ms on that snapshot (Node, 5 runs). Sparser ids, or
 * repeated ones (a damaged file), take the radix sort.
 */
export function ordinalsSortedById(ids: Uint32Array, count: number): Uint32Array {
  let maxId = 0;
  for (let k = 0; k < count; k++) if (ids[k] > maxId) maxId = ids[k];
  if (maxId > DENSE_IDS_PER_NODE * count + 1024) return radixOrder(ids, count, maxId);
  const ordinalPlusOneAt = new Uint32Array(maxId + 1);
  for (let k = 0; k < count; k++) ordinalPlusOneAt[ids[k]] = k + 1;
  const sorted = new Uint32Array(count);
  let filled = 0;
  for (let id = 0; id <= maxId; id++) {
    const ordinalPlusOne = ordinalPlusOneAt[id];
    if (ordinalPlusOne !== 0) sorted[filled++] = ordinalPlusOne - 1;
  }
  return filled === count ? sorted : radixOrder(ids, count, maxId);
}

/** How many possible ids a node may stand for before the table (4 bytes an id) costs more than the radix sort. */
const DENSE_IDS_PER_NODE = 4;

export function containsId(sorted: Uint32Array, id: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = sorted[mid];
    if (value < id) low = mid + 1;
    else if (value > id) high = mid - 1;
    else return true;
  }
  return false;
}

/** Possible ids per id in the set up to which the bits (4 bytes a member at this bound) are used. */
const BIT_IDS_PER_MEMBER = 32;

/**
 * Membership in a set of ascending ids, for asking once per node: a bit per possible id when the ids are dense
 * (up to 32 possible ids an id in the set, 4 bytes of bits; V8's ids are below 2.3× the node count), else binary
 * search. A 3-snapshot comparison asks it for every leak candidate: 1.6 M on the bench's 208 MB final, where the
 * binary search took 134–221 ms and the bits take 30–66 ms (CPU, 5 runs).
 */
export function idMembership(sorted: Uint32Array): (id: number) => boolean {
  const maxId = sorted.length > 0 ? sorted[sorted.length - 1] : 0;
  if (maxId > BIT_IDS_PER_MEMBER * sorted.length + 1024) return (id) => containsId(sorted, id);
  const bits = new Uint32Array((maxId >>> 5) + 1);
  for (let k = 0; k < sorted.length; k++) bits[sorted[k] >>> 5] |= 1 << (sorted[k] & 31);
  return (id) => id <= maxId && (bits[id >>> 5] & (1 << (id & 31))) !== 0;
}
