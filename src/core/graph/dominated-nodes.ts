import { uint32Array, type Scratch } from './scratch.ts';

/** Children lists of the dominator tree in CSR form (DevTools' firstDominatedNodeIndex / dominatedNodes). */
export interface DominatedNodes {
  firstDominated: Uint32Array;
  dominated: Uint32Array;
}

export function buildDominatedNodes(dominator: Uint32Array, root: number, scratch?: Scratch): DominatedNodes {
  const count = dominator.length;
  const firstDominated = uint32Array(scratch, count + 1);
  for (let node = 0; node < count; node++) if (node !== root) firstDominated[dominator[node]]++;
  let sum = 0;
  for (let node = 0; node < count; node++) {
    sum += firstDominated[node];
    firstDominated[node] = sum;
  }
  firstDominated[count] = sum;
  const dominated = uint32Array(scratch, sum);
  for (let node = count - 1; node >= 0; node--) {
    if (node !== root) dominated[--firstDominated[dominator[node]]] = node;
  }
  return { firstDominated, dominated };
}
