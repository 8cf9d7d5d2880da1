import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeSnapshot,
  beginAnalysis,
  completeAnalysis,
  createSnapshotParser,
  type HeapAnalysis,
  type HeapSnapshot,
} from '../index.ts';
import { buildSnapshotText, type TestNode } from '../../../test/support/build-snapshot.ts';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import {
  randomHeapGraph,
  referenceDominators,
  seededRandom,
} from '../../../test/support/reference-dominators.ts';
import {
  beginAheadSemiDominators,
  computeDominatorsAhead,
  finishDominatorsAhead,
  namedRules,
  type DominatorsAhead,
} from './dominators-ahead.ts';
import { stepSemiDominators } from './dominators.ts';

/** Parses in chunks, running the ahead dominators when the parser hands over the graph, as the worker does. */
function parseAhead(
  input: string | Uint8Array,
  chunkSize = 1 << 16,
): { snapshot: HeapSnapshot; ahead: DominatorsAhead } {
  let ahead: DominatorsAhead | undefined;
  const parser = createSnapshotParser({ onGraph: (graph) => (ahead = computeDominatorsAhead(graph)) });
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  for (let at = 0; at < bytes.length; at += chunkSize) parser.write(bytes.subarray(at, at + chunkSize));
  const snapshot = parser.end();
  if (!ahead) throw new Error('the parser never handed over the graph');
  return { snapshot, ahead };
}

/** How finishing went: the tree it gives (undefined: recompute), and how it finished. */
function finish(snapshot: HeapSnapshot, ahead: DominatorsAhead) {
  const tree = finishDominatorsAhead(snapshot, ahead, namedRules(snapshot));
  return { dominator: tree ? Array.from(tree.dominator) : undefined, finishedBy: tree?.finishedBy };
}

/** The analysis as the worker runs it: the tree-free phases, then the rest with the finished (or no) tree. */
function analyzeAhead(snapshot: HeapSnapshot, ahead: DominatorsAhead): HeapAnalysis {
  const tree = finishDominatorsAhead(snapshot, ahead, namedRules(snapshot));
  return completeAnalysis(beginAnalysis(snapshot), tree);
}

const ephemeron = (index: number, table: number) =>
  `${index} / part of key (Key @5) -> value (Value @7) pair in WeakMap (table @${table})`;

/** root → first, root → second; key (id 5) → value (id 7) and table (id 3) → value, by ephemeron edges. */
function weakMapGraph(tableFirst: boolean): TestNode[] {
  const [table, key] = tableFirst ? [1, 2] : [2, 1];
  const nodes: TestNode[] = [
    {
      name: '',
      type: 'synthetic',
      selfSize: 0,
      edges: [
        { to: 1, type: 'element' },
        { to: 2, type: 'element' },
      ],
    },
    { name: '', selfSize: 1 },
    { name: '', selfSize: 1 },
    { name: 'Value', id: 7, selfSize: 9 },
  ];
  nodes[table] = {
    name: 'table',
    id: 3,
    selfSize: 1,
    edges: [{ to: 3, type: 'internal', name: ephemeron(1, 3) }],
  };
  nodes[key] = {
    name: 'Key',
    id: 5,
    selfSize: 1,
    edges: [{ to: 3, type: 'internal', name: ephemeron(1, 3) }],
  };
  return nodes;
}

describe('dominators computed before the strings arrive', () => {
  it('are the answer as they are when no edge name changes the mask', () => {
    const { snapshot, ahead } = parseAhead(
      buildSnapshotText([
        { name: '', type: 'synthetic', edges: [{ to: 1 }, { to: 2 }] },
        { name: 'a', edges: [{ to: 3 }] },
        { name: 'b', edges: [{ to: 3 }] },
        { name: 'c', edges: [{ to: 4 }] },
        { name: 'd' },
      ]),
    );
    const { dominator, finishedBy } = finish(snapshot, ahead);
    expect(dominator).toEqual([0, 0, 0, 0, 3]);
    expect(finishedBy).toBe('the search');
  });

  it("drop a WeakMap table's edge the DFS did not descend, and the key dominates the value", () => {
    const { snapshot, ahead } = parseAhead(buildSnapshotText(weakMapGraph(false)));
    // Ahead, the table's edge still counts: the value has two retainers.
    const { firstPred } = ahead.search.forest;
    const valuePreorder = ahead.search.preorderOf[3];
    expect(firstPred[valuePreorder + 1] - firstPred[valuePreorder]).toBe(2);
    const { dominator, finishedBy } = finish(snapshot, ahead);
    expect(dominator?.[3]).toBe(1);
    expect(finishedBy).toBe('unlinking');
  });

  it('resume the DFS where it descended the edge the WeakMap rule drops', () => {
    const { snapshot, ahead } = parseAhead(buildSnapshotText(weakMapGraph(true)));
    // Ahead, the DFS reached the value from the table (preorder: root, table, value, key).
    expect(Array.from(ahead.search.forest.vertex)).toEqual([0, 1, 3, 2]);
    const { dominator, finishedBy } = finish(snapshot, ahead);
    expect(finishedBy).toBe('resuming');
    expect(dominator?.[3]).toBe(2); // the key
    expect(Array.from(ahead.search.forest.vertex)).toEqual([0, 1, 2, 3]);
  });

  it('give up when "(Document DOM trees)" makes nodes page-owned that the shortcuts did not', () => {
    const graph = (shortcutToTrees: boolean): TestNode[] => [
      {
        name: '',
        type: 'synthetic',
        edges: [
          { to: 1, type: 'element' },
          { to: 2, type: 'element' },
          ...(shortcutToTrees ? [{ to: 1, type: 'shortcut' }] : []),
        ],
      },
      { name: '(Document DOM trees)', type: 'synthetic', edges: [{ to: 3 }] },
      { name: 'outsider', edges: [{ to: 3 }] },
      { name: 'div', type: 'native' },
    ];
    for (const shortcutToTrees of [false, true]) {
      const { snapshot, ahead } = parseAhead(buildSnapshotText(graph(shortcutToTrees)));
      const again = parseAhead(buildSnapshotText(graph(shortcutToTrees)));
      // Page-owned, the div is retained by the trees alone: the outsider's edge into the page does not count.
      expect(analyzeAhead(again.snapshot, again.ahead).dominator[3]).toBe(1);
      expect(finish(snapshot, ahead).dominator === undefined).toBe(!shortcutToTrees);
    }
  });

  it('agree with an independent algorithm on random graphs, however they finish', () => {
    const random = seededRandom(11);
    const outcomes = new Map<string, number>();
    let rewound = 0;
    for (let round = 0; round < 60; round++) {
      const text = buildSnapshotText(randomHeapGraph(random));
      const { snapshot, ahead } = parseAhead(text, 97);
      const { dominator, finishedBy } = finish(snapshot, ahead);
      const reference = Array.from(referenceDominators(snapshot));
      if (dominator) expect(dominator).toEqual(reference);
      outcomes.set(finishedBy ?? 'recomputed', (outcomes.get(finishedBy ?? 'recomputed') ?? 0) + 1);
      const again = parseAhead(text);
      expect(Array.from(analyzeAhead(again.snapshot, again.ahead).dominator)).toEqual(reference);
      // With the semi-dominator step begun before the names, as the dominator worker does: none of it, part of
      // it (so some removed edges' targets are done and some are not) or all of it.
      for (const share of [0, 0.5, 1]) {
        const early = parseAhead(text);
        const steps = beginAheadSemiDominators(early.ahead);
        stepSemiDominators(steps, Math.round(share * early.snapshot.nodeCount));
        const tree = finishDominatorsAhead(
          early.snapshot,
          early.ahead,
          namedRules(early.snapshot),
          undefined,
          steps,
        );
        expect(Array.from(tree!.dominator)).toEqual(reference);
        if (tree?.finishedBy === 'unlinking' && share > 0) rewound++;
      }
    }
    // Every way to finish ran; none needed recomputing (the random roots have no "(Document DOM trees)").
    expect([...outcomes.keys()].sort()).toEqual(['resuming', 'the search', 'unlinking']);
    expect(rewound).toBeGreaterThan(0);
  });

  it('give the same analysis on real Chromium snapshots as dominators computed after the last byte', () => {
    for (const page of ['closure-detached', 'demo-app', 'listener-pileup'] as const) {
      for (const role of ['target', 'final'] as const) {
        const bytes = readFileSync(fixtureSnapshot(page, role));
        const { snapshot, ahead } = parseAhead(bytes, 1 << 20);
        const withAhead = analyzeAhead(snapshot, ahead);
        const usual = analyzeSnapshot(snapshot);
        expect(Array.from(withAhead.dominator)).toEqual(Array.from(usual.dominator));
        expect(Array.from(withAhead.retainedSize)).toEqual(Array.from(usual.retainedSize));
        expect(withAhead.classAggregates).toEqual(usual.classAggregates);
        expect(withAhead.detachedTrees).toEqual(usual.detachedTrees);
      }
    }
  });
});
