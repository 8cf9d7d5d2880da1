/**
 * Node ordinals ordered by heap id, by an LSD radix sort on two 16-bit digits: O(n), two passes, no comparator
 * calls (sorting 7 M ordinals with a comparator takes seconds; this takes tens of milliseconds).
 */
export function ordinalsSortedById(ids: Uint32Array, count: number): Uint32Array {
  let from = new Uint32Array(count);
  let to = new Uint32Array(count);
  for (let k = 0; k < count; k++) from[k] = k;
  const buckets = new Uint32Array(1 << 16);
  for (const shift of [0, 16]) {
    buckets.fill(0);
    for (let k = 0; k < count; k++) buckets[(ids[from[k]] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let b = 0; b < buckets.length; b++) {
      const size = buckets[b];
      buckets[b] = sum;
      sum += size;
    }
    for (let k = 0; k < count; k++) {
      const ordinal = from[k];
      to[buckets[(ids[ordinal] >>> shift) & 0xffff]++] = ordinal;
    }
    [from, to] = [to, from];
  }
  return from;
}

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
