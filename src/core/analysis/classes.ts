import type { HeapSnapshot } from '../snapshot.ts';
import { ClassNumbering, type TypeCodes } from '../graph/node-kinds.ts';
import { DOM_DETACHED } from '../graph/dom-state.ts';
import type { DominatedNodes } from '../graph/dominated-nodes.ts';
import { uint32Array, type Scratch } from '../graph/scratch.ts';

export interface ClassIndex {
  /** Dense class number of each node ordinal. */
  classOf: Uint32Array;
  names: string[];
}

/**
 * Groups nodes by DevTools' class name. Objects and natives are keyed by their name's string index (names are
 * interned, so no string is built per node), detached DOM under a separate key; other types by type alone.
 */
export function buildClassIndex(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  domState: Uint8Array,
  scratch?: Scratch,
): ClassIndex {
  const count = snapshot.nodeCount;
  const classOf = uint32Array(scratch, count);
  const classes = new ClassNumbering(snapshot, codes);
  for (let node = 0; node < count; node++) {
    const detached = domState[node] === DOM_DETACHED && snapshot.nodeType[node] === codes.native;
    classOf[node] = classes.indexOf(node, detached);
  }
  return { classOf, names: classes.names };
}

export interface ClassAggregate {
  className: string;
  count: number;
  selfSize: number;
  /** Retained size of the class: instances not dominated by another instance of the same class (as DevTools). */
  retainedSize: number;
}

/**
 * Per-class counts and sizes. The class retained size walks the dominator tree depth-first keeping, per class,
 * whether an instance is open on the current path, so nested instances are not counted twice (DevTools'
 * calculateClassesRetainedSize does the same with its size/className stacks).
 */
export function aggregateClasses(
  snapshot: HeapSnapshot,
  classes: ClassIndex,
  tree: DominatedNodes,
  root: number,
  retained: Float64Array,
): ClassAggregate[] {
  const classCount = classes.names.length;
  const counts = new Float64Array(classCount);
  const selfSizes = new Float64Array(classCount);
  const retainedSizes = new Float64Array(classCount);
  const open = new Uint8Array(classCount);
  const { classOf } = classes;
  const { firstDominated, dominated } = tree;
  for (let node = 0; node < snapshot.nodeCount; node++) {
    counts[classOf[node]]++;
    selfSizes[classOf[node]] += snapshot.nodeSelfSize[node];
  }
  // Explicit stack; a node is pushed once to enter and its class is closed when its subtree has been walked.
  const stack: number[] = [root];
  const closeAt: number[] = [];
  const closeClass: number[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const cls = classOf[node];
    const from = firstDominated[node];
    const to = firstDominated[node + 1];
    if (open[cls] === 0) {
      retainedSizes[cls] += retained[node];
      if (from !== to) {
        open[cls] = 1;
        closeAt.push(stack.length);
        closeClass.push(cls);
      }
    }
    for (let k = from; k < to; k++) stack.push(dominated[k]);
    while (closeAt.length > 0 && closeAt[closeAt.length - 1] === stack.length) {
      closeAt.pop();
      open[closeClass.pop()!] = 0;
    }
  }
  const result: ClassAggregate[] = [];
  for (let cls = 0; cls < classCount; cls++) {
    result.push({
      className: classes.names[cls],
      count: counts[cls],
      selfSize: selfSizes[cls],
      retainedSize: retainedSizes[cls],
    });
  }
  return result;
}
