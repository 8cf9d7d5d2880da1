import type { RetainerStep } from '../report/model.ts';
import type { HeapAnalysis } from '../analysis/analyze.ts';
import { DOM_DETACHED } from '../graph/dom-state.ts';
import { edgeName, isStringType } from '../graph/node-kinds.ts';
import type { RawPath } from './retainer-path.ts';

/**
 * A node's name for display. Heap strings are page data (tokens, user input) and attacker-controlled: string
 * values stay out of reports unless the user opts in. Detached DOM gets DevTools' `Detached ` prefix.
 */
export function displayName(analysis: HeapAnalysis, node: number, includeStringValues: boolean): string {
  const { snapshot, codes } = analysis;
  const type = snapshot.nodeType[node];
  const name = snapshot.strings.get(snapshot.nodeName[node]);
  if (isStringType(codes, type)) return includeStringValues ? name : '(string)';
  if (type === codes.native && analysis.domState[node] === DOM_DETACHED && name.startsWith('<')) {
    return `Detached ${name}`;
  }
  return name;
}

export function rawSteps(
  analysis: HeapAnalysis,
  path: RawPath,
  includeStringValues: boolean,
): RetainerStep[] {
  const { snapshot, codes } = analysis;
  return path.nodes.map((node, k) => {
    const edge = path.edges[k];
    return {
      node: displayName(analysis, node, includeStringValues),
      nodeType: snapshot.nodeTypeNames[snapshot.nodeType[node]] ?? 'unknown',
      nodeId: snapshot.nodeId[node],
      edge: k === 0 || edge < 0 ? '' : edgeName(snapshot, codes, edge),
      edgeType: k === 0 || edge < 0 ? '' : (snapshot.edgeTypeNames[snapshot.edgeType[edge]] ?? 'unknown'),
      selfSize: snapshot.nodeSelfSize[node],
      retainedSize: analysis.retainedSize[node],
      detached: analysis.domState[node] === DOM_DETACHED,
    };
  });
}
