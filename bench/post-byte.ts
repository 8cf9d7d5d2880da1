/**
 * The work the panel's worker does after a target's last byte, in Node: the analysis as the panel asks for it (no
 * class aggregates) and the comparison against the baseline's digest, each phase best of N runs. For telling
 * engine changes apart on a noisy machine; the panel's own figures come from e2e/support/measure-capture.ts.
 *   node bin/run-ts.js bench/post-byte.ts [scenario key, default synthetic-200] [runs, default 5]
 * Reads the snapshots `npm run bench` generated into .cache/bench/ (`npm run bench -- --sizes=200` makes them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyzeSnapshot, compareSnapshots, digestSnapshot, ordinalsSortedById } from '../src/core/index.ts';
import { readSnapshotFile } from '../src/cli/read-snapshot.ts';
import { repoDir } from './node-bundle.ts';

const [key = 'synthetic-200', runsArg = '5'] = process.argv.slice(2);
const runs = Number(runsArg);
const file = (role: string) => path.join(repoDir, '.cache', 'bench', `${key}.${role}.heapsnapshot`);
for (const role of ['baseline', 'target']) {
  if (!fs.existsSync(file(role))) {
    console.error(`${file(role)} is missing: run \`npm run bench -- --sizes=…\` first`);
    process.exit(1);
  }
}
const progress = { bytes() {}, phase() {}, done() {} };
const read = (role: string, mode: 'ids' | 'full') =>
  readSnapshotFile(file(role), { mode, label: role, progress });

// As the worker holds them: the baseline parsed for ids and digested, the target in full with its id order.
const baseline = digestSnapshot(await read('baseline', 'ids'), { classes: true });
const target = await read('target', 'full');
const ordinalsById = ordinalsSortedById(target.nodeId, target.nodeCount);

const best: Record<string, number> = {};
const keep = (name: string, ms: number) => (best[name] = Math.min(best[name] ?? Infinity, ms));
for (let run = 0; run < runs; run++) {
  let started = performance.now();
  const analysis = analyzeSnapshot(target, { classAggregates: false });
  keep('analysis', performance.now() - started);
  for (const [phase, ms] of Object.entries(analysis.timings)) keep(phase, ms);
  started = performance.now();
  compareSnapshots({
    baseline,
    final: analysis,
    labels: { baseline: 'baseline', target: 'target' },
    finalOrdinalsById: ordinalsById,
  });
  keep('compare', performance.now() - started);
}
const megabytes = (fs.statSync(file('target')).size / 1e6).toFixed(0);
console.log(`${key} target (${megabytes} MB, ${target.nodeCount} nodes), best of ${runs} runs, ms:`);
for (const [name, ms] of Object.entries(best))
  console.log(`  ${name.padEnd(16)} ${ms.toFixed(0).padStart(6)}`);
