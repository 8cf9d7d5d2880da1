import type { HeapSnapshot } from '../snapshot.ts';
import { ClassNumbering, typeCodes } from '../graph/node-kinds.ts';
import { countEventListeners } from '../analysis/listeners.ts';
import { elementNameFlags } from '../analysis/element-description.ts';
import { DOM_DETACHED } from '../graph/dom-state.ts';
import { ordinalsSortedById } from './sorted-ids.ts';

/** The figures of a snapshot the report shows, whatever else is dropped. */
export interface SnapshotFigures {
  nodeCount: number;
  edgeCount: number;
  totalSize: number;
  jsEventListeners: number;
  /** Counted from V8's own detachedness field (a digest has no edges to propagate DOM state with). */
  detachedElements: number;
}

/**
 * All a comparison needs of a snapshot that is not the last one: its figures, its heap ids in ascending order,
 * and — for the baseline, whose deleted objects the class comparison counts — each id's class and self size.
 * 4 bytes a node (12 with classes) instead of a parsed snapshot's 14 plus its strings, and plain data that moves
 * between threads without a copy.
 */
export interface IdsDigest {
  kind: 'ids-digest';
  figures: SnapshotFigures;
  ids: Uint32Array;
  classes?: { classIndex: Uint32Array; selfSize: Uint32Array; names: string[] };
}

export function digestSnapshot(snapshot: HeapSnapshot, options: { classes: boolean }): IdsDigest {
  const count = snapshot.nodeCount;
  const order = ordinalsSortedById(snapshot.nodeId, count);
  const ids = new Uint32Array(count);
  for (let k = 0; k < count; k++) ids[k] = snapshot.nodeId[order[k]];
  const digest: IdsDigest = { kind: 'ids-digest', figures: figuresOf(snapshot), ids };
  if (options.classes) {
    const codes = typeCodes(snapshot);
    const classes = new ClassNumbering(snapshot, codes);
    const classIndex = new Uint32Array(count);
    const selfSize = new Uint32Array(count);
    for (let k = 0; k < count; k++) {
      const node = order[k];
      classIndex[k] = classes.indexOf(node);
      selfSize[k] = snapshot.nodeSelfSize[node];
    }
    digest.classes = { classIndex, selfSize, names: classes.names };
  }
  return digest;
}

function figuresOf(snapshot: HeapSnapshot): SnapshotFigures {
  const elementNames = elementNameFlags(snapshot.strings);
  let totalSize = 0;
  let detachedElements = 0;
  for (let node = 0; node < snapshot.nodeCount; node++) {
    totalSize += snapshot.nodeSelfSize[node];
    if (snapshot.nodeDetachedness[node] === DOM_DETACHED && elementNames[snapshot.nodeName[node]] === 1) {
      detachedElements++;
    }
  }
  return {
    nodeCount: snapshot.nodeCount,
    edgeCount: snapshot.edgeCount,
    totalSize,
    jsEventListeners: countEventListeners(snapshot),
    detachedElements,
  };
}

export function isIdsDigest(value: HeapSnapshot | IdsDigest): value is IdsDigest {
  return (value as IdsDigest).kind === 'ids-digest';
}
