import { describe, expect, it } from 'vitest';
import { compareQuickCheckpoints } from './quick-compare.ts';
import type { QuickCheckpoint, QuickDetachedTree, QuickListenerGroup } from './quick-model.ts';

function checkpoint(
  label: string,
  parts: {
    trees?: QuickDetachedTree[];
    listeners?: QuickListenerGroup[];
    listenerCount?: number;
    heap?: number;
  },
): QuickCheckpoint {
  return {
    label,
    takenAt: 0,
    counters: {
      jsEventListeners: parts.listenerCount ?? 0,
      nodes: 10,
      documents: 1,
      jsHeapUsedSize: parts.heap ?? 1000,
      jsHeapTotalSize: 2000,
    },
    detachedTrees: parts.trees ?? [],
    listeners: parts.listeners ?? [],
    timings: {},
    notes: [],
  };
}

const tree = (id: number, root: string, elementCount: number): QuickDetachedTree => ({
  rootBackendNodeId: id,
  root,
  elementCount,
  retainedBy: [root],
});

const listener = (target: string, type: string, line: number, count: number): QuickListenerGroup => ({
  target,
  type,
  handlerName: 'h',
  location: { scriptId: 5, url: 'app.js', line, column: 0 },
  useCapture: false,
  count,
});

describe('compareQuickCheckpoints', () => {
  it('keeps detached trees that are new since the baseline, grouped by root description', () => {
    const result = compareQuickCheckpoints({
      baseline: checkpoint('b', { trees: [tree(1, 'div.old', 4)] }),
      target: checkpoint('t', { trees: [tree(1, 'div.old', 4), tree(7, 'div.ticker', 3)] }),
      final: checkpoint('f', {
        trees: [
          tree(1, 'div.old', 4),
          tree(7, 'div.ticker', 3),
          tree(9, 'div.ticker', 3),
          tree(11, 'ul', 20),
        ],
      }),
    });
    expect(result.detachedTrees).toEqual([
      { root: 'ul', trees: 1, elements: 20, seenAtTarget: 0, retainedBy: ['ul'] },
      { root: 'div.ticker', trees: 2, elements: 6, seenAtTarget: 1, retainedBy: ['div.ticker'] },
    ]);
    expect(result.leakSuspected).toBe(true);
  });

  it('reports listener groups that grew, with per-checkpoint counts, largest growth first', () => {
    const result = compareQuickCheckpoints({
      baseline: checkpoint('b', {
        listeners: [listener('Window', 'resize', 3, 1), listener('Window', 'scroll', 8, 2)],
      }),
      target: checkpoint('t', {
        listeners: [listener('Window', 'resize', 3, 4), listener('button', 'click', 9, 1)],
      }),
      final: checkpoint('f', {
        listeners: [
          listener('Window', 'resize', 3, 4),
          listener('Window', 'scroll', 8, 1),
          listener('button', 'click', 9, 1),
        ],
      }),
    });
    expect(
      result.listenerPileUps.map((p) => [
        p.target,
        p.type,
        p.baselineCount,
        p.targetCount,
        p.finalCount,
        p.delta,
      ]),
    ).toEqual([
      ['Window', 'resize', 1, 4, 4, 3],
      ['button', 'click', 0, 1, 1, 1],
    ]);
  });

  it('treats the same type on another handler line as another listener', () => {
    const result = compareQuickCheckpoints({
      baseline: checkpoint('b', { listeners: [listener('Window', 'resize', 3, 1)] }),
      final: checkpoint('f', { listeners: [listener('Window', 'resize', 4, 1)] }),
    });
    expect(result.listenerPileUps).toHaveLength(1);
    expect(result.listenerPileUps[0]?.location.line).toBe(4);
    expect(result.listenerPileUps[0]?.targetCount).toBeUndefined();
    expect(result.labels).toEqual({ baseline: 'b', final: 'f' });
  });

  it('computes counter deltas and finds nothing when nothing grew', () => {
    const result = compareQuickCheckpoints({
      baseline: checkpoint('b', {
        listenerCount: 30,
        heap: 1000,
        listeners: [listener('Window', 'resize', 3, 2)],
      }),
      target: checkpoint('t', { listenerCount: 35, heap: 5000 }),
      final: checkpoint('f', {
        listenerCount: 30,
        heap: 1200,
        listeners: [listener('Window', 'resize', 3, 2)],
      }),
    });
    expect(result.counters.find((c) => c.name === 'jsEventListeners')).toEqual({
      name: 'jsEventListeners',
      baseline: 30,
      target: 35,
      final: 30,
      delta: 0,
    });
    expect(result.counters.find((c) => c.name === 'jsHeapUsedSize')?.delta).toBe(200);
    expect(result.leakSuspected).toBe(false);
  });
});
