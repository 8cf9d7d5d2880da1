/**
 * Produces (or reuses from `.cache/bench/`) the baseline/target/final snapshot files of a scenario, recording how
 * long Chrome itself took to take and stream each one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCapturingPage } from './capture.ts';
import type { Scenario } from './scenarios.ts';

export const snapshotRoles = ['baseline', 'target', 'final'] as const;
export type SnapshotRole = (typeof snapshotRoles)[number];

export interface SnapshotSet {
  readonly scenario: Scenario;
  readonly files: Record<SnapshotRole, string>;
  /** Chrome's time for takeHeapSnapshot (after a separate collectGarbage), streaming included, seconds. */
  readonly captureSeconds: Record<SnapshotRole, number>;
}

interface CachedMeta {
  steps: Scenario['steps'];
  captureSeconds: Record<SnapshotRole, number>;
}

export async function ensureSnapshotSet(scenario: Scenario, cacheDir: string): Promise<SnapshotSet> {
  const files = Object.fromEntries(
    snapshotRoles.map((role) => [role, path.join(cacheDir, `${scenario.key}.${role}.heapsnapshot`)]),
  ) as Record<SnapshotRole, string>;
  const metaFile = path.join(cacheDir, `${scenario.key}.meta.json`);
  const cached = readMeta(metaFile);
  // Reuse only what this exact scenario produced: changing the page steps invalidates the files.
  if (
    cached &&
    JSON.stringify(cached.steps) === JSON.stringify(scenario.steps) &&
    snapshotRoles.every((role) => fs.existsSync(files[role]))
  ) {
    return { scenario, files, captureSeconds: cached.captureSeconds };
  }

  fs.mkdirSync(cacheDir, { recursive: true });
  const capturing = await openCapturingPage();
  const captureSeconds = {} as Record<SnapshotRole, number>;
  try {
    await capturing.page.addScriptTag({ path: scenario.script });
    for (const role of snapshotRoles) {
      await capturing.page.evaluate(scenario.steps[role]);
      captureSeconds[role] = await capturing.snapshotTo(files[role]);
      const megabytes = (fs.statSync(files[role]).size / 1e6).toFixed(1);
      console.log(`  ${scenario.key} ${role}: ${megabytes} MB in ${captureSeconds[role].toFixed(1)} s`);
    }
  } finally {
    await capturing.close();
  }
  const meta: CachedMeta = { steps: scenario.steps, captureSeconds };
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { scenario, files, captureSeconds };
}

function readMeta(metaFile: string): CachedMeta | undefined {
  try {
    return JSON.parse(fs.readFileSync(metaFile, 'utf8')) as CachedMeta;
  } catch {
    return undefined;
  }
}
