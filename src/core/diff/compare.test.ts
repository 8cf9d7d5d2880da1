import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  analyzeSnapshot,
  beginLeakCandidates,
  compareSnapshots,
  createSnapshotParser,
  digestSnapshot,
  findLeakCandidates,
  finishLeakCandidates,
  type BegunCandidates,
  type HeapSnapshot,
  type LeakReport,
} from '../index.ts';
import { classNameOf, typeCodes } from '../graph/node-kinds.ts';
import type { ClassDelta } from '../report/model.ts';
import { loadSnapshot } from '../../../test/support/load-snapshot.ts';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import { FIXTURE_EXPECTATIONS, type FixtureExpectation } from '../../../e2e/fixtures/expectations.ts';

function compareFixture(page: FixtureExpectation['page']): LeakReport {
  return compareSnapshots({
    baseline: loadSnapshot(fixtureSnapshot(page, 'baseline'), 'ids'),
    target: loadSnapshot(fixtureSnapshot(page, 'target'), 'ids'),
    final: analyzeSnapshot(loadSnapshot(fixtureSnapshot(page, 'final'))),
  });
}

/** True when `wanted` appears in `list` in order, not necessarily adjacent. */
function inOrder(list: string[], wanted: string[]): boolean {
  let at = 0;
  for (const item of list) if (item === wanted[at]) at++;
  return at === wanted.length;
}

describe.each(FIXTURE_EXPECTATIONS.filter((fixture) => fixture.leaks))('compare on $page', (fixture) => {
  const report = compareFixture(fixture.page);
  const leak = report.leaks.find((cluster) => cluster.kind === 'detached-dom');

  it('finds the detached tree the action leaked, with its element count', () => {
    expect(leak).toBeDefined();
    expect(leak!.detachedElements).toBe(fixture.detachedElementsPerCycle);
    expect(report.summary.leakedDetachedElements).toBe(fixture.detachedElementsPerCycle);
    expect(leak!.retainerChain.at(-1)!.node).toBe(`Detached ${fixture.detachedRoot}`);
    expect(leak!.title).toContain(`Detached ${fixture.detachedRootSelector}`);
  });

  it('gives the raw chain from the GC root through the expected edges', () => {
    expect(leak!.retainerChain[0].node).toBe('(GC roots)');
    expect(
      inOrder(
        leak!.retainerChain.map((step) => step.edge),
        fixture.chainEdges,
      ),
    ).toBe(true);
  });

  it('gives a readable chain naming the closure with its source location', () => {
    const closure = leak!.readableChain.find((step) => step.kind === 'closure');
    expect(closure).toBeDefined();
    expect(fixture.handlerNames.some((name) => closure!.text.includes(`closure ${name}`))).toBe(true);
    expect(closure!.location?.url).toContain(fixture.path.split('/').pop()!.replace('index.html', ''));
    expect(leak!.readableChain.at(-1)!.kind).toBe('leak');
    expect(leak!.readableChain.map((step) => step.text).join(' ')).not.toMatch(
      /blink::|HeapVector|system \//,
    );
  });

  it('counts the listeners the action left behind', () => {
    expect(report.summary.listenerDelta).toBe(fixture.jsEventListenersPerCycle);
    const added = report.listeners.added.reduce((sum, row) => sum + row.count, 0);
    expect(added).toBe(fixture.jsEventListenersPerCycle);
  });
});

describe('compare on the clean control page', () => {
  it('reports no leak and no listener growth', () => {
    const report = compareFixture('clean-control');
    expect(report.summary.leakClusters).toBe(0);
    expect(report.summary.leakedDetachedElements).toBe(0);
    expect(report.summary.listenerDelta).toBe(0);
  });

  it("folds Blink's C++ classes into one row and leaves out the engine's own", () => {
    const report = compareFixture('clean-control');
    const names = report.classes.map((row) => row.className);
    expect(names.filter((name) => name.startsWith('blink::'))).toEqual([]);
    expect(names).toContain('(browser internals)');
    expect(names).not.toContain('(compiled code)');
  });
});

describe('compare with two snapshots', () => {
  it('treats everything new in the second snapshot as a candidate', () => {
    // Baseline against the snapshot taken after undo: the widget is detached there.
    const report = compareSnapshots({
      baseline: loadSnapshot(fixtureSnapshot('closure-detached', 'baseline'), 'ids'),
      final: analyzeSnapshot(loadSnapshot(fixtureSnapshot('closure-detached', 'final'))),
    });
    expect(report.snapshots.map((s) => s.role)).toEqual(['baseline', 'target']);
    expect(report.leaks.some((cluster) => cluster.kind === 'detached-dom')).toBe(true);
  });
});

describe('event type hints', () => {
  it("name a listener step 'resize' when an inventory knows the handler", () => {
    const final = analyzeSnapshot(loadSnapshot(fixtureSnapshot('listener-pileup', 'final')));
    const plain = compareSnapshots({
      baseline: loadSnapshot(fixtureSnapshot('listener-pileup', 'baseline'), 'ids'),
      final,
    });
    const handler = plain.listeners.added[0].location!;
    const hinted = compareSnapshots({
      baseline: loadSnapshot(fixtureSnapshot('listener-pileup', 'baseline'), 'ids'),
      final,
      listenerHints: [{ handlerLocation: handler, type: 'resize' }],
    });
    expect(hinted.listeners.added[0].type).toBe('resize');
    const steps = hinted.leaks.flatMap((leak) => leak.readableChain.map((step) => step.text));
    expect(
      steps.some((text) => text === "'resize' listener on Window") || plain.listeners.added.length > 1,
    ).toBe(true);
  });
});

describe('digests of the earlier snapshots', () => {
  it('give exactly the report the snapshots give', () => {
    const baseline = loadSnapshot(fixtureSnapshot('listener-pileup', 'baseline'), 'ids');
    const target = loadSnapshot(fixtureSnapshot('listener-pileup', 'target'), 'ids');
    const final = analyzeSnapshot(loadSnapshot(fixtureSnapshot('listener-pileup', 'final')));
    const generatedAt = '2026-01-01T00:00:00.000Z';
    const fromSnapshots = compareSnapshots({ baseline, target, final, generatedAt });
    const fromDigests = compareSnapshots({
      baseline: digestSnapshot(baseline, { classes: true }),
      target: digestSnapshot(target, { classes: false }),
      final,
      generatedAt,
    });
    expect(fromDigests).toEqual(fromSnapshots);
    expect(fromSnapshots.classes.length).toBeGreaterThan(0);
  });

  it('give the same report with the leak candidates found before the dominators (as the worker does)', () => {
    const baseline = digestSnapshot(loadSnapshot(fixtureSnapshot('listener-pileup', 'baseline'), 'ids'), {
      classes: true,
    });
    const target = digestSnapshot(loadSnapshot(fixtureSnapshot('listener-pileup', 'target'), 'ids'), {
      classes: false,
    });
    const finalSnapshot = loadSnapshot(fixtureSnapshot('listener-pileup', 'final'));
    const candidates = findLeakCandidates(baseline, target, finalSnapshot);
    const generatedAt = '2026-01-01T00:00:00.000Z';
    const final = analyzeSnapshot(finalSnapshot);
    const found = compareSnapshots({ baseline, target, final, generatedAt, candidates });
    expect(found).toEqual(compareSnapshots({ baseline, target, final, generatedAt }));
    // The candidates are what the report is made of: without the target's filter there are more of them.
    const loose = findLeakCandidates(baseline, undefined, finalSnapshot);
    const count = (flags: Uint8Array) => flags.reduce((sum, flag) => sum + flag, 0);
    expect(count(loose.isCandidate)).toBeGreaterThan(count(candidates.isCandidate));
    expect(found.summary.leakedObjects).toBeGreaterThan(0);
  });
});

/** DevTools' comparison view said the slow way: every node's class name decoded, rows kept by name. */
function classRowsByName(before: HeapSnapshot, after: HeapSnapshot): ClassDelta[] {
  const rows = new Map<string, ClassDelta>();
  const row = (snapshot: HeapSnapshot, node: number) => {
    const className = classNameOf(snapshot, typeCodes(snapshot), node, false);
    if (!rows.has(className)) {
      rows.set(className, {
        className,
        newCount: 0,
        deletedCount: 0,
        deltaCount: 0,
        allocSize: 0,
        freedSize: 0,
        deltaSize: 0,
      });
    }
    return rows.get(className)!;
  };
  const idsOf = (snapshot: HeapSnapshot) => new Set(snapshot.nodeId.subarray(0, snapshot.nodeCount));
  const [beforeIds, afterIds] = [idsOf(before), idsOf(after)];
  for (let node = 0; node < after.nodeCount; node++) {
    if (beforeIds.has(after.nodeId[node])) continue;
    row(after, node).newCount++;
    row(after, node).allocSize += after.nodeSelfSize[node];
  }
  for (let node = 0; node < before.nodeCount; node++) {
    if (afterIds.has(before.nodeId[node])) continue;
    row(before, node).deletedCount++;
    row(before, node).freedSize += before.nodeSelfSize[node];
  }
  for (const entry of rows.values()) {
    entry.deltaCount = entry.newCount - entry.deletedCount;
    entry.deltaSize = entry.allocSize - entry.freedSize;
  }
  return [...rows.values()].sort((x, y) => (x.className < y.className ? -1 : 1));
}

describe('the class rows and the leak candidates', () => {
  const baselineSnapshot = loadSnapshot(fixtureSnapshot('listener-pileup', 'baseline'), 'ids');
  const baseline = digestSnapshot(baselineSnapshot, { classes: true });
  const target = digestSnapshot(loadSnapshot(fixtureSnapshot('listener-pileup', 'target'), 'ids'), {
    classes: false,
  });

  it("are DevTools' comparison view by class name, ordered by size change, then new count, then name", () => {
    const finalSnapshot = loadSnapshot(fixtureSnapshot('listener-pileup', 'final'));
    const { classes } = findLeakCandidates(baseline, target, finalSnapshot);
    const byName = [...classes].sort((x, y) => (x.className < y.className ? -1 : 1));
    expect(byName).toEqual(classRowsByName(baselineSnapshot, finalSnapshot));
    expect(classes.some((row) => row.newCount > 0) && classes.some((row) => row.deletedCount > 0)).toBe(true);
    for (let k = 1; k < classes.length; k++) {
      const [x, y] = [classes[k - 1]!, classes[k]!];
      const order =
        Math.abs(x.deltaSize) - Math.abs(y.deltaSize) ||
        x.newCount - y.newCount ||
        (x.className < y.className ? 1 : -1);
      expect(order, `${x.className} before ${y.className}`).toBeGreaterThan(0);
    }
  });

  it('are the same begun from the node columns while the edges and strings still stream (as the worker does)', () => {
    const bytes = readFileSync(fixtureSnapshot('listener-pileup', 'final'));
    let begun: BegunCandidates | undefined;
    let edgesSeen = false;
    const parser = createSnapshotParser({
      onNodes: (nodes) => (begun = beginLeakCandidates(baseline, target, nodes)),
      onGraph: () => (edgesSeen = true),
    });
    for (let at = 0; at < bytes.length; at += 1 << 16) {
      parser.write(bytes.subarray(at, at + (1 << 16)));
      if (begun) expect(edgesSeen).toBe(false);
      if (begun) break;
    }
    expect(begun).toBeDefined();
    for (let at = parser.bytesRead; at < bytes.length; at += 1 << 16)
      parser.write(bytes.subarray(at, at + (1 << 16)));
    const finalSnapshot = parser.end();
    expect(finishLeakCandidates(begun!, baseline, finalSnapshot)).toEqual(
      findLeakCandidates(baseline, target, finalSnapshot),
    );
  });
});

describe('an analysis without class aggregates (as `leaks compare` and the panel make it)', () => {
  it('has none, and gives exactly the report a full analysis gives', () => {
    const baseline = loadSnapshot(fixtureSnapshot('closure-detached', 'baseline'), 'ids');
    const target = loadSnapshot(fixtureSnapshot('closure-detached', 'target'), 'ids');
    const finalSnapshot = loadSnapshot(fixtureSnapshot('closure-detached', 'final'));
    const full = analyzeSnapshot(finalSnapshot);
    const lean = analyzeSnapshot(finalSnapshot, { classAggregates: false });
    expect(full.classAggregates?.length).toBeGreaterThan(0);
    expect(lean.classAggregates).toBeUndefined();
    const generatedAt = '2026-01-01T00:00:00.000Z';
    const report = (final: typeof full) => compareSnapshots({ baseline, target, final, generatedAt });
    expect(report(lean)).toEqual(report(full));
    expect(report(lean).leaks.length).toBeGreaterThan(0);
  });
});
