import type { LeakCluster, LeakKind, ReadableStep } from '../report/model.ts';
import type { HeapAnalysis } from '../analysis/analyze.ts';
import { describeElement } from '../analysis/element-description.ts';
import { DOM_DETACHED } from '../graph/dom-state.ts';
import { pathTo } from '../chains/retainer-path.ts';
import { rawSteps, displayName } from '../chains/raw-steps.ts';
import { readableChain, type ReadableOptions } from '../chains/readable-chain.ts';
import { listenerNames } from '../analysis/listeners.ts';
import { noiseFilter } from './noise.ts';
import { grow } from '../parser/growable.ts';

export interface ClusterOptions extends ReadableOptions {
  /** Clusters without detached DOM or listeners are reported only from this retained size up (bytes). */
  minRetainedSize: number;
}

const UNSEEN = -1;
const NOISE = -2;

/** A leak root's members, as the clustering reads them (one per group; the many groups stay in typed columns). */
interface RootGroup {
  root: number;
  count: number;
  detachedElements: number;
  hasListener: boolean;
  /** Node whose chain represents the group: the detached tree's top element, else the root. */
  representative: number;
}

const COLLECTIONS = /^(?:Map|Set|WeakMap|WeakSet|Array|\(array\)|Object)$/;

export interface ClusteredLeaks {
  /** Ranked by retained size. */
  clusters: LeakCluster[];
  /**
   * Detached DOM elements among all the candidates, noise and unreported groups included (the summary's figure):
   * counted in the same pass over every new object, which a loop of its own took 20–25 ms a comparison of a
   * 233 MB target (Node), after the last byte.
   */
  detachedElements: number;
}

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
): ClusteredLeaks {
  const { snapshot, codes, domState } = analysis;
  const [listenerName, handlerName] = listenerNames(snapshot);
  // One slot per root ordinal, not a Map: this loop visits every new object, millions in a big snapshot, and the
  // Map lookup was most of the comparison's time (134 ms of 317 ms on a 233 MB target). NOISE marks a root
  // that only measures the engine or the tool (decided once per root, not per member).
  const isNoise = noiseFilter(analysis);
  const groupOfRoot = new Int32Array(snapshot.nodeCount).fill(UNSEEN);
  // Groups are numbered in order of their first member, and counted in typed columns rather than one object each:
  // a big target has hundreds of thousands of roots (530 k on a 234 MB one: 47 MB of objects for the garbage
  // collector to promote, in the middle of the comparison), and only the few reported become objects.
  let rootOfGroup = new Uint32Array(1024);
  let memberCount = new Uint32Array(1024);
  let detachedCount = new Uint32Array(1024);
  let hasListener = new Uint8Array(1024);
  let groupCount = 0;
  let detachedElements = 0;
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const root = rootOf[node];
    // Every candidate has a root (assignLeakRoots), so this visits each candidate once.
    if (root < 0 || isCandidate[node] === 0) continue;
    const detached =
      domState[node] === DOM_DETACHED &&
      snapshot.nodeType[node] === codes.native &&
      analysis.elementNames[snapshot.nodeName[node]] === 1;
    if (detached) detachedElements++;
    let slot = groupOfRoot[root];
    if (slot === UNSEEN) {
      slot = isNoise(root) ? NOISE : groupCount++;
      groupOfRoot[root] = slot;
      if (slot !== NOISE) {
        // Doubling when full (the parser's columns grow the same way). The four columns are always as long as each
        // other; checking here spares four calls a group (26 ms of a 200 MB target's comparison, profiled: grow
        // takes three kinds of array, so it is not inlined).
        if (groupCount > rootOfGroup.length) {
          rootOfGroup = grow(rootOfGroup, groupCount, Infinity);
          memberCount = grow(memberCount, groupCount, Infinity);
          detachedCount = grow(detachedCount, groupCount, Infinity);
          hasListener = grow(hasListener, groupCount, Infinity);
        }
        rootOfGroup[slot] = root;
      }
    }
    if (slot === NOISE) continue;
    memberCount[slot]++;
    if (snapshot.nodeName[node] === listenerName || snapshot.nodeName[node] === handlerName)
      hasListener[slot] = 1;
    if (detached) detachedCount[slot]++;
  }
  // A group that holds a detached tree is shown by the tree's top element (the first tree other than the root).
  const representativeOfGroup = new Map<number, number>();
  for (const tree of analysis.detachedTrees) {
    const root = rootOf[tree.rootNode];
    const slot = root >= 0 ? groupOfRoot[root] : UNSEEN;
    if (slot >= 0 && (representativeOfGroup.get(slot) ?? root) === root)
      representativeOfGroup.set(slot, tree.rootNode);
  }
  const clusters = new Map<string, LeakCluster>();
  for (let slot = 0; slot < groupCount; slot++) {
    const root = rootOfGroup[slot];
    const retained = analysis.retainedSize[root];
    const notable = detachedCount[slot] > 0 || hasListener[slot] === 1;
    if (!notable && retained < options.minRetainedSize) continue;
    const group: RootGroup = {
      root,
      count: memberCount[slot],
      detachedElements: detachedCount[slot],
      hasListener: hasListener[slot] === 1,
      representative: representativeOfGroup.get(slot) ?? root,
    };
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
  return { clusters: ranked, detachedElements };
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
