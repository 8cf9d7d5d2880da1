import { Scratch } from '../graph/scratch.ts';

/**
 * Storage for the analysis worker's own arrays of a graph of about `nodeCount` nodes, made and first touched ahead
 * of time (Scratch.reserve): while Chrome walks the heap a core is idle, where the analysis, from the last edge byte
 * on, shares both cores with Chrome's serializer and the dominator worker, and every page it touches first there
 * costs a fault (a browser worker: 0.4–0.9 ms a MB of first touch, 0.04 for memory touched before; measured with a
 * throwaway page). Sizes in the order the analysis asks for them, so best fit hands each request the buffer made
 * for it: the distance search ahead (distance, parent, queue: computeDistancesAhead), the DOM state and its visited
 * marks (propagateDomState), the retained sizes. The class index takes the search's queue once the search is
 * finished (beginAnalysis).
 */
export function reserveAnalysisAhead(nodeCount: number): Scratch {
  const scratch = new Scratch();
  scratch.reserve(...analysisAheadSizes(nodeCount));
  return scratch;
}

function analysisAheadSizes(nodeCount: number): number[] {
  const nodeWords = 4 * nodeCount;
  return [nodeWords, nodeWords, nodeWords, nodeCount, nodeCount, 8 * nodeCount];
}
