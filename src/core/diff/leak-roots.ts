import type { HeapAnalysis } from '../analysis/analyze.ts';

/**
 * Folds leak candidates into leak roots: a candidate whose immediate dominator is also a candidate belongs to that
 * dominator's root (it is freed exactly when the root is). Returns, per candidate, its root ordinal (-1 for
 * non-candidates); climbing is memoised so every node is visited once.
 */
export function assignLeakRoots(analysis: HeapAnalysis, isCandidate: Uint8Array): Int32Array {
  const { dominator } = analysis;
  const count = analysis.snapshot.nodeCount;
  const rootOf = new Int32Array(count).fill(-1);
  const climb: number[] = [];
  for (let node = 0; node < count; node++) {
    if (isCandidate[node] === 0 || rootOf[node] !== -1) continue;
    let x = node;
    while (rootOf[x] === -1) {
      const up = dominator[x];
      if (up === x || isCandidate[up] === 0) {
        rootOf[x] = x;
        break;
      }
      climb.push(x);
      x = up;
    }
    const root = rootOf[x];
    while (climb.length > 0) rootOf[climb.pop()!] = root;
  }
  return rootOf;
}
