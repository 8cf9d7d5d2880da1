import type { ClassDelta } from '../report/model.ts';
import type { HeapSnapshot, NodeColumns } from '../snapshot.ts';
import { classKey, classKeyCount, classNameOf, typeCodes } from '../graph/node-kinds.ts';
import type { IdsDigest } from './ids-digest.ts';

/** A class row with nothing counted yet. */
export function emptyClassDelta(className: string): ClassDelta {
  return { className, newCount: 0, deletedCount: 0, deltaCount: 0, allocSize: 0, freedSize: 0, deltaSize: 0 };
}

/**
 * DevTools' comparison view, in two halves: per class, objects new in `after` and deleted since `before`, matched by
 * heap id (a merge of the baseline digest's ascending ids with the last snapshot's id-sorted ordinals). Names carry
 * no `Detached ` prefix here, because the baseline has no edges for DOM state propagation.
 *
 * The first half, the id merge, reads no name text: it counts by class key (classKey: type and name index) and by
 * digest class, so it can run once the nodes section is in, while the edges and strings still stream (it walks
 * every id of both snapshots: 91 ms of a 200 MB target's tail in the panel's worker, profiled). It also gives the
 * ids-new flag per `after` node (the diff needs it for leak candidates).
 */
export interface ClassIdMerge {
  /** 1 for each `after` node (by ordinal) whose id the digest lacks. */
  isNew: Uint8Array;
  /** By class key of `after`: its new nodes' count and self sizes, and 1 + the ordinal of one of them (0: none). */
  newCount: Uint32Array;
  allocSize: Float64Array;
  newExample: Uint32Array;
  /** By class of the digest: its nodes gone from `after`, count and self sizes. */
  deletedCount: Uint32Array;
  freedSize: Float64Array;
}

export function mergeClassIds(before: IdsDigest, after: NodeColumns, afterOrder: Uint32Array): ClassIdMerge {
  if (!before.classes) throw new Error('the baseline digest was made without classes');
  const { classIndex, selfSize, names } = before.classes;
  const codes = typeCodes(after);
  let maxName = 0;
  for (let node = 0; node < after.nodeCount; node++)
    if (after.nodeName[node] > maxName) maxName = after.nodeName[node];
  // The strings are not in yet: the largest name index bounds the keys instead of their count.
  const keys = classKeyCount(after, maxName + 1);
  const newCount = new Uint32Array(keys);
  const allocSize = new Float64Array(keys);
  const newExample = new Uint32Array(keys);
  const deletedCount = new Uint32Array(names.length);
  const freedSize = new Float64Array(names.length);
  const isNew = new Uint8Array(after.nodeCount);
  const beforeIds = before.ids;
  let i = 0;
  let j = 0;
  while (i < beforeIds.length || j < afterOrder.length) {
    const beforeId = i < beforeIds.length ? beforeIds[i] : Infinity;
    const afterNode = j < afterOrder.length ? afterOrder[j] : -1;
    const afterId = afterNode >= 0 ? after.nodeId[afterNode] : Infinity;
    if (beforeId === afterId) {
      i++;
      j++;
    } else if (afterId < beforeId) {
      const key = classKey(after, codes, afterNode);
      newCount[key]++;
      allocSize[key] += after.nodeSelfSize[afterNode];
      if (newExample[key] === 0) newExample[key] = afterNode + 1;
      isNew[afterNode] = 1;
      j++;
    } else {
      const cls = classIndex[i];
      deletedCount[cls]++;
      freedSize[cls] += selfSize[i];
      i++;
    }
  }
  return { isNew, newCount, allocSize, newExample, deletedCount, freedSize };
}

/**
 * The class rows of a merge, once `after`'s names are in: a key and a digest class of the same name share a row.
 * Sorted by size change, then new count, then name, so the order does not depend on the merge's.
 */
export function classDeltasOf(merge: ClassIdMerge, before: IdsDigest, after: HeapSnapshot): ClassDelta[] {
  const names = before.classes!.names;
  const codes = typeCodes(after);
  const rows = new Map<string, ClassDelta>();
  const rowOf = (className: string): ClassDelta => {
    let row = rows.get(className);
    if (!row) rows.set(className, (row = emptyClassDelta(className)));
    return row;
  };
  for (let key = 0; key < merge.newCount.length; key++) {
    if (merge.newCount[key] === 0) continue;
    const row = rowOf(classNameOf(after, codes, merge.newExample[key] - 1, false));
    row.newCount += merge.newCount[key];
    row.allocSize += merge.allocSize[key];
  }
  for (let cls = 0; cls < merge.deletedCount.length; cls++) {
    if (merge.deletedCount[cls] === 0) continue;
    const row = rowOf(names[cls]);
    row.deletedCount += merge.deletedCount[cls];
    row.freedSize += merge.freedSize[cls];
  }
  const classes = [...rows.values()];
  for (const entry of classes) {
    entry.deltaCount = entry.newCount - entry.deletedCount;
    entry.deltaSize = entry.allocSize - entry.freedSize;
  }
  classes.sort(
    (x, y) =>
      Math.abs(y.deltaSize) - Math.abs(x.deltaSize) ||
      y.newCount - x.newCount ||
      (x.className < y.className ? -1 : x.className > y.className ? 1 : 0),
  );
  return classes;
}
