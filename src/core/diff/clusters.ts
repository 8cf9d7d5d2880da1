import type { LeakCluster, LeakKind, ReadableStep } from '../report/model.ts';
import type { HeapAnalysis } from '../analysis/analyze.ts';
import { describeElement } from '../analysis/element-description.ts';
import { DOM_DETACHED } from '../graph/dom-state.ts';
import { pathTo } from '../chains/retainer-path.ts';
import { rawSteps, displayName } from '../chains/raw-steps.ts';
import { readableChain, type ReadableOptions } from '../chains/readable-chain.ts';
import { listenerNames } from '../analysis/listeners.ts';
import { noiseFilter } from './noise.ts';

export interface ClusterOptions extends ReadableOptions {
  /** Clusters without detached DOM or listeners are reported only from this retained size up (bytes). */
  minRetainedSize: number;
}

const UNSEEN = -1;
const NOISE = -2;

interface RootGroup {
  root: number;
  count: number;
  detachedElements: number;
  hasListener: boolean;
  /** Node whose chain represents the group: the detached tree's top element, else the root. */
  representative: number;
}

const COLLECTIONS = /^(?:Map|Set|WeakMap|WeakSet|Array|\(array\)|Object)$/;

/**
 * Groups leak candidates by leak root, takes each root's shortest retainer chain, and clusters roots whose
 * readable chains match once indexes are blurred (memlab clusters traces by similarity; identical normalised chains
 * are the exact, cheap case). Clusters are ranked by retained size.
 */
export function clusterLeaks(
  analysis: HeapAnalysis,
  isCandidate: Uint8Array,
  rootOf: Int32Array,
  options: ClusterOptions,
): LeakCluster[] {
  const { snapshot, codes, domState } = analysis;
  const [listenerName, handlerName] = listenerNames(snapshot);
  // One slot per root ordinal, not a Map: this loop visits every new object, millions in a big snapshot, and the
  // Map lookup was most of the comparison's time (134 ms of 317 ms on a 233 MB target). NOISE marks a root
  // that only measures the engine or the tool (decided once per root, not per member).
  const isNoise = noiseFilter(analysis);
  const groupOfRoot = new Int32Array(snapshot.nodeCount).fill(UNSEEN);
  const groups: RootGroup[] = [];
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const root = rootOf[node];
    if (root < 0 || isCandidate[node] === 0) continue;
    let slot = groupOfRoot[root];
    if (slot === UNSEEN) {
      slot = isNoise(root) ? NOISE : groups.length;
      if (slot !== NOISE)
        groups.push({ root, count: 0, detachedElements: 0, hasListener: false, representative: root });
      groupOfRoot[root] = slot;
    }
    if (slot === NOISE) continue;
    const group = groups[slot] as RootGroup;
    group.count++;
    if (snapshot.nodeName[node] === listenerName || snapshot.nodeName[node] === handlerName)
      group.hasListener = true;
    if (domState[node] === DOM_DETACHED && snapshot.nodeType[node] === codes.native) {
      if (analysis.elementNames[snapshot.nodeName[node]] === 1) group.detachedElements++;
    }
  }
  for (const tree of analysis.detachedTrees) {
    const root = rootOf[tree.rootNode];
    const slot = root >= 0 ? groupOfRoot[root] : UNSEEN;
    const group = slot >= 0 ? groups[slot] : undefined;
    if (group && group.representative === group.root) group.representative = tree.rootNode;
  }
  const clusters = new Map<string, LeakCluster>();
  for (const group of groups) {
    const retained = analysis.retainedSize[group.root];
    const notable = group.detachedElements > 0 || group.hasListener;
    if (!notable && retained < options.minRetainedSize) continue;
    const path = pathTo(snapshot, codes, analysis.bfsParent, group.representative);
    if (!path) continue;
    const readable = readableChain(analysis, path, options);
    const kind = kindOf(analysis, group);
    const signature = `${kind}|${readable.map((step) => step.text.replace(/\d+/g, '#')).join('|')}`;
    const existing = clusters.get(signature);
    if (existing) {
      existing.count += group.count;
      existing.detachedElements += group.detachedElements;
      existing.retainedSize += retained;
      if (existing.samples.length < 10)
        existing.samples.push(sample(analysis, group.representative, options));
      continue;
    }
    clusters.set(signature, {
      id: '',
      kind,
      title: titleOf(analysis, kind, group, readable),
      count: group.count,
      detachedElements: group.detachedElements,
      retainedSize: retained,
      retainerChain: rawSteps(analysis, path, options.includeStringValues),
      readableChain: readable,
      samples: [sample(analysis, group.representative, options)],
      locations: uniqueLocations(readable),
    });
  }
  const ranked = [...clusters.values()].sort((a, b) => b.retainedSize - a.retainedSize || b.count - a.count);
  ranked.forEach((cluster, k) => (cluster.id = `L${k + 1}`));
  return ranked;
}

function kindOf(analysis: HeapAnalysis, group: RootGroup): LeakKind {
  if (group.detachedElements > 0) return 'detached-dom';
  if (group.hasListener) return 'event-listener';
  const { snapshot, codes } = analysis;
  if (snapshot.nodeType[group.root] === codes.closure) return 'closure';
  if (COLLECTIONS.test(analysis.classes.names[analysis.classes.classOf[group.root]])) return 'collection';
  return 'object';
}

function sample(analysis: HeapAnalysis, node: number, options: ClusterOptions) {
  return {
    nodeId: analysis.snapshot.nodeId[node],
    name: displayName(analysis, node, options.includeStringValues),
    className: analysis.classes.names[analysis.classes.classOf[node]],
    selfSize: analysis.snapshot.nodeSelfSize[node],
    retainedSize: analysis.retainedSize[node],
  };
}

const HOLDER_KINDS = new Set([
  'closure',
  'listener',
  'timer',
  'variable',
  'property',
  'collection',
  'element',
]);

function titleOf(analysis: HeapAnalysis, kind: LeakKind, group: RootGroup, readable: ReadableStep[]): string {
  const holders = readable.slice(0, -1).filter((step) => HOLDER_KINDS.has(step.kind));
  const closure = [...holders]
    .reverse()
    .find((step) => step.kind === 'closure' || step.kind === 'listener' || step.kind === 'timer');
  const holder = closure ?? holders[holders.length - 1];
  const what =
    kind === 'detached-dom'
      ? `Detached ${detachedDescription(analysis, group.representative)}${group.detachedElements > 1 ? ` (${group.detachedElements} elements)` : ''}`
      : analysis.classes.names[analysis.classes.classOf[group.root]];
  return holder ? `${what} held by ${holder.text}` : what;
}

/** Source locations on a chain, each place once (a listener step and its handler step share one). */
function uniqueLocations(readable: ReadableStep[]) {
  const seen = new Set<string>();
  return readable.flatMap((step) => {
    if (!step.location) return [];
    const key = `${step.location.scriptId}:${step.location.line}:${step.location.column}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [step.location];
  });
}

const TITLE_NAME_LIMIT = 160;

/** `div.price-ticker`: the tree's selector-like description, kept short (element names carry every attribute). */
function detachedDescription(analysis: HeapAnalysis, node: number): string {
  const name = analysis.snapshot.strings.get(analysis.snapshot.nodeName[node]);
  const description = describeElement(name) ?? name;
  return description.length > TITLE_NAME_LIMIT ? `${description.slice(0, TITLE_NAME_LIMIT)}…` : description;
}
