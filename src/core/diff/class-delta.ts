import type { ClassDelta } from '../report/model.ts';
import type { HeapSnapshot } from '../snapshot.ts';
import { classNameOf, typeCodes } from '../graph/node-kinds.ts';

interface Side {
  snapshot: HeapSnapshot;
  order: Uint32Array;
  className: (node: number) => string;
}

function side(snapshot: HeapSnapshot, order: Uint32Array): Side {
  const codes = typeCodes(snapshot);
  const cache = new Map<number, string>();
  const typeCount = snapshot.nodeTypeNames.length;
  return {
    snapshot,
    order,
    className: (node) => {
      const type = snapshot.nodeType[node];
      const key = type === codes.object || type === codes.native ? typeCount + snapshot.nodeName[node] : type;
      let name = cache.get(key);
      if (name === undefined) cache.set(key, (name = classNameOf(snapshot, codes, node, false)));
      return name;
    },
  };
}

/**
 * DevTools' comparison view: per class, objects new in `after` and deleted since `before`, matched by heap id
 * (a merge over both snapshots' id-sorted ordinals). Names carry no `Detached ` prefix here, because the baseline
 * is read in ids mode without the edges that DOM state propagation needs.
 * Returns the ids-new flag per `after` node as a by-product (the diff needs it for leak candidates).
 */
export function compareClasses(
  before: HeapSnapshot,
  beforeOrder: Uint32Array,
  after: HeapSnapshot,
  afterOrder: Uint32Array,
): { classes: ClassDelta[]; isNew: Uint8Array } {
  const a = side(before, beforeOrder);
  const b = side(after, afterOrder);
  const rows = new Map<string, ClassDelta>();
  const row = (className: string): ClassDelta => {
    let found = rows.get(className);
    if (!found) {
      found = {
        className,
        newCount: 0,
        deletedCount: 0,
        deltaCount: 0,
        allocSize: 0,
        freedSize: 0,
        deltaSize: 0,
      };
      rows.set(className, found);
    }
    return found;
  };
  const isNew = new Uint8Array(after.nodeCount);
  let i = 0;
  let j = 0;
  while (i < a.order.length || j < b.order.length) {
    const beforeNode = i < a.order.length ? a.order[i] : -1;
    const afterNode = j < b.order.length ? b.order[j] : -1;
    const beforeId = beforeNode >= 0 ? before.nodeId[beforeNode] : Infinity;
    const afterId = afterNode >= 0 ? after.nodeId[afterNode] : Infinity;
    if (beforeId === afterId) {
      i++;
      j++;
    } else if (afterId < beforeId) {
      const entry = row(b.className(afterNode));
      entry.newCount++;
      entry.allocSize += after.nodeSelfSize[afterNode];
      isNew[afterNode] = 1;
      j++;
    } else {
      const entry = row(a.className(beforeNode));
      entry.deletedCount++;
      entry.freedSize += before.nodeSelfSize[beforeNode];
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
