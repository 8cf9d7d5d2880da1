import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schemaDocument from '../../docs/report.schema.json' with { type: 'json' };
import { CLEAN_CONTROL, CLOSURE_DETACHED, LISTENER_PILEUP } from '../../e2e/fixtures/expectations.ts';
import type { FixtureExpectation } from '../../e2e/fixtures/expectations.ts';
import { fixtureSnapshot } from '../../test/support/fixture-snapshots.ts';
import { validateJsonSchema, type JsonSchema } from '../core/report/json-schema-subset.ts';
import type { LeakReport } from '../core/report/model.ts';
import type { SnapshotSummaryReport } from '../core/report/summary-model.ts';
import { runLeaks } from './run-cli-process.ts';

/** `leaks compare` and `leaks summary` on real snapshots of the fixture pages (test/global-setup.ts). */

const snapshots = (expectation: FixtureExpectation) =>
  (['baseline', 'target', 'final'] as const).map((role) => fixtureSnapshot(expectation.page, role));

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leaks-cli-compare-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('leaks compare', () => {
  it('reports the detached <div> of closure-detached as schema-valid JSON on stdout', async () => {
    const run = await runLeaks(['compare', ...snapshots(CLOSURE_DETACHED)]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as LeakReport;
    expect(validateJsonSchema(schemaDocument as JsonSchema, report)).toEqual([]);
    expect(report.snapshots.map((snapshot) => [snapshot.role, snapshot.label])).toEqual([
      ['baseline', 'baseline.heapsnapshot'],
      ['target', 'target.heapsnapshot'],
      ['final', 'final.heapsnapshot'],
    ]);
    expect(report.summary.leakClusters).toBeGreaterThan(0);
    expect(report.summary.leakedDetachedElements).toBe(CLOSURE_DETACHED.detachedElementsPerCycle);
    const cluster = report.leaks.find((leak) => leak.title.includes(CLOSURE_DETACHED.detachedRootSelector!));
    expect(cluster?.kind).toBe('detached-dom');
    const chainEdges = cluster!.retainerChain.map((step) => step.edge);
    expect(chainEdges.filter((edge) => CLOSURE_DETACHED.chainEdges.includes(edge))).toEqual(
      CLOSURE_DETACHED.chainEdges,
    );
  });

  it('exits 1 with --fail-on-leak on a leaking page and 0 on the clean control', async () => {
    const leaking = await runLeaks(['compare', ...snapshots(LISTENER_PILEUP), '--fail-on-leak']);
    expect(leaking.exitCode).toBe(1);
    expect((JSON.parse(leaking.stdout) as LeakReport).summary.listenerDelta).toBe(
      LISTENER_PILEUP.jsEventListenersPerCycle,
    );
    const clean = await runLeaks(['compare', ...snapshots(CLEAN_CONTROL), '--fail-on-leak']);
    expect(clean.exitCode).toBe(0);
    expect((JSON.parse(clean.stdout) as LeakReport).summary.leakClusters).toBe(0);
  });

  it('writes HTML and Markdown files, the format taken from the extension', async () => {
    const [baseline, target, final] = snapshots(LISTENER_PILEUP);
    const html = join(dir, 'report.html');
    const markdown = join(dir, 'report.md');
    expect((await runLeaks(['compare', baseline!, target!, final!, '--out', html])).exitCode).toBe(0);
    expect((await runLeaks(['compare', baseline!, final!, '--out', markdown])).exitCode).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("default-src 'none'");
    for (const handler of LISTENER_PILEUP.handlerNames) expect(page).toContain(handler);
    const text = readFileSync(markdown, 'utf8');
    expect(text).toMatch(/^## .*Leaks report: \d+ leak clusters?\n/);
    // Two files: the second is the target and the final at once.
    expect(text).toContain('baseline `baseline.heapsnapshot` → target `final.heapsnapshot`');
  });

  it('lets --format win over the extension', async () => {
    const [baseline, , final] = snapshots(CLEAN_CONTROL);
    const out = join(dir, 'report.json');
    const run = await runLeaks(['compare', baseline!, final!, '--out', out, '--format', 'md']);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^## /);
  });

  it('prints progress on stderr only when asked (stderr is not a terminal here)', async () => {
    const [baseline, , final] = snapshots(CLEAN_CONTROL);
    const run = await runLeaks(['compare', baseline!, final!, '--progress', '--format', 'md']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('leaks: reading baseline.heapsnapshot 100%');
    expect(run.stderr).toMatch(/leaks: analyzing final\.heapsnapshot \(\S+ done\)/);
  });
});

describe('leaks summary', () => {
  it('prints a table by default and the SnapshotSummaryReport with --json', async () => {
    const file = fixtureSnapshot(LISTENER_PILEUP.page, 'final');
    const table = await runLeaks(['summary', file, '--top', '5']);
    expect(table.exitCode).toBe(0);
    for (const heading of [
      'Nodes',
      'JS event listeners',
      'Detached trees',
      'Top retainers',
      'Top classes',
      'Timings',
    ]) {
      expect(table.stdout).toContain(heading);
    }
    expect(table.stdout).toContain(LISTENER_PILEUP.detachedRootSelector);
    const json = await runLeaks(['summary', file, '--json', '--top', '5']);
    const summary = JSON.parse(json.stdout) as SnapshotSummaryReport;
    expect(summary.label).toBe('final.heapsnapshot');
    expect(summary.topRetainers).toHaveLength(5);
    expect(summary.topClasses.length).toBeLessThanOrEqual(5);
    expect(summary.detachedElements).toBe(LISTENER_PILEUP.detachedElementsPerCycle);
    expect(Object.keys(summary.timings).length).toBeGreaterThan(0);
  });
});
