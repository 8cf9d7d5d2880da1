/**
 * The indexes 0 … count−1 in ascending order of `keys[index]`, equal keys in index order: an LSD radix sort, each
 * pass a stable counting sort on 16 bits of the key, lowest first, as many passes as `maxKey` has such digits. O(n)
 * a pass and no comparator calls: sorting 7 M ordinals with a comparator takes seconds, this tens of milliseconds.
 */
export function radixOrder(keys: Uint32Array, count: number, maxKey: number): Uint32Array {
  let from = new Uint32Array(count);
  let to = new Uint32Array(count);
  for (let k = 0; k < count; k++) from[k] = k;
  const buckets = new Uint32Array(1 << 16);
  const keyBits = 32 - Math.clz32(maxKey);
  for (let shift = 0; shift < keyBits; shift += 16) {
    buckets.fill(0);
    for (let k = 0; k < count; k++) buckets[(keys[from[k]] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let b = 0; b < buckets.length; b++) {
      const size = buckets[b];
      buckets[b] = sum;
      sum += size;
    }
    for (let k = 0; k < count; k++) {
      const index = from[k];
      to[buckets[(keys[index] >>> shift) & 0xffff]++] = index;
    }
    [from, to] = [to, from];
  }
  return from;
}
