import type { ClassDelta } from '../report/model.ts';
import type { HeapSnapshot } from '../snapshot.ts';
import { classKey, classNameOf, typeCodes } from '../graph/node-kinds.ts';
import type { IdsDigest } from './ids-digest.ts';

/** A class row with nothing counted yet. */
export function emptyClassDelta(className: string): ClassDelta {
  return { className, newCount: 0, deletedCount: 0, deltaCount: 0, allocSize: 0, freedSize: 0, deltaSize: 0 };
}

/**
 * DevTools' comparison view: per class, objects new in `after` and deleted since `before`, matched by heap id (a
 * merge of the baseline digest's ascending ids with the last snapshot's id-sorted ordinals). Names carry no
 * `Detached ` prefix here, because the baseline has no edges for DOM state propagation.
 * Returns the ids-new flag per `after` node as a by-product (the diff needs it for leak candidates).
 */
export function compareClasses(
  before: IdsDigest,
  after: HeapSnapshot,
  afterOrder: Uint32Array,
): { classes: ClassDelta[]; isNew: Uint8Array } {
  if (!before.classes) throw new Error('the baseline digest was made without classes');
  const { classIndex, selfSize, names } = before.classes;
  const codes = typeCodes(after);
  const afterNames = new Map<number, string>();
  const afterClass = (node: number): string => {
    const key = classKey(after, codes, node);
    let name = afterNames.get(key);
    if (name === undefined) afterNames.set(key, (name = classNameOf(after, codes, node, false)));
    return name;
  };
  const rows = new Map<string, ClassDelta>();
  const row = (className: string): ClassDelta => {
    let found = rows.get(className);
    if (!found) {
      found = emptyClassDelta(className);
      rows.set(className, found);
    }
    return found;
  };
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
      const entry = row(afterClass(afterNode));
      entry.newCount++;
      entry.allocSize += after.nodeSelfSize[afterNode];
      isNew[afterNode] = 1;
      j++;
    } else {
      const entry = row(names[classIndex[i]]);
      entry.deletedCount++;
      entry.freedSize += selfSize[i];
      i++;
    }
  }
  const classes = [...rows.values()];
  for (const entry of classes) {
    entry.deltaCount = entry.newCount - entry.deletedCount;
    entry.deltaSize = entry.allocSize - entry.freedSize;
  }
  classes.sort((x, y) => Math.abs(y.deltaSize) - Math.abs(x.deltaSize) || y.newCount - x.newCount);
  return { classes, isNew };
}
