import type { HeapSnapshot } from '../snapshot.ts';
import type { TypeCodes } from '../graph/node-kinds.ts';
import { DOM_DETACHED } from '../graph/dom-state.ts';
import { describeElement } from './element-description.ts';

export interface DetachedTree {
  /** The element the rest of the tree hangs off (see groupDetachedTrees). */
  rootNode: number;
  description: string;
  /** Detached elements in the tree (element nodes only, not text or element data). */
  elements: number[];
  /** Bytes the tree keeps alive: retained sizes of its members not dominated by another member. */
  retainedSize: number;
}

/**
 * Groups detached DOM into trees: connected components of detached native nodes over non-weak edges (Blink links
 * parent, children and siblings both ways, so a component is one detached subtree). The snapshot does not name
 * which member edge is `parentNode`, so the tree root is the element the rest hangs off in the dominator tree —
 * the element the page holds, which for a removed widget is its topmost element — falling back to the nearest
 * element to the GC roots.
 */
export function groupDetachedTrees(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  domState: Uint8Array,
  elementNames: Uint8Array,
  dominator: Uint32Array,
  retained: Float64Array,
  distance: Uint32Array,
): DetachedTree[] {
  const members: number[] = [];
  const slot = new Map<number, number>();
  for (let node = 0; node < snapshot.nodeCount; node++) {
    if (domState[node] === DOM_DETACHED && snapshot.nodeType[node] === codes.native) {
      slot.set(node, members.length);
      members.push(node);
    }
  }
  // Union–find with path halving over edges between detached natives.
  const parent = Uint32Array.from(members.keys());
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let k = 0; k < members.length; k++) {
    const node = members[k];
    for (let edge = snapshot.firstEdge[node]; edge < snapshot.firstEdge[node + 1]; edge++) {
      if (snapshot.edgeType[edge] === codes.edgeWeak) continue;
      const other = slot.get(snapshot.edgeToNode[edge]);
      if (other === undefined) continue;
      const a = find(k);
      const b = find(other);
      if (a !== b) parent[a] = b;
    }
  }
  const groups = new Map<number, number[]>();
  for (let k = 0; k < members.length; k++) {
    const root = find(k);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = []));
    group.push(members[k]);
  }
  const trees: DetachedTree[] = [];
  for (const group of groups.values()) {
    const elements = group.filter((node) => elementNames[snapshot.nodeName[node]] === 1);
    if (elements.length === 0) continue;
    const inGroup = new Set(group);
    let retainedSize = 0;
    let rootNode = elements[0];
    for (const node of group) {
      if (!inGroup.has(dominator[node])) retainedSize += retained[node];
    }
    for (const node of elements) {
      const entry = !inGroup.has(dominator[node]);
      const best = !inGroup.has(dominator[rootNode]);
      if (entry && !best) rootNode = node;
      else if (entry === best) {
        if (
          retained[node] > retained[rootNode] ||
          (retained[node] === retained[rootNode] && distance[node] < distance[rootNode])
        ) {
          rootNode = node;
        }
      }
    }
    const name = snapshot.strings.get(snapshot.nodeName[rootNode]);
    trees.push({ rootNode, description: describeElement(name) ?? name, elements, retainedSize });
  }
  trees.sort((a, b) => b.retainedSize - a.retainedSize || b.elements.length - a.elements.length);
  return trees;
}
