/**
 * `npm run bench` — Leaks' engine against Chrome DevTools' own heap snapshot worker on the same files.
 *
 *   npm run bench                          app, 50, 200 and 600 MB snapshots (generated once, cached)
 *   npm run bench -- --sizes=app,50,200    pick sizes: `app` or a size in MB of the final snapshot
 *   npm run bench -- --sizes=2000          the 2 GB run (slow: minutes per snapshot)
 *   npm run bench -- --runs=5              runs per measurement (default: 3 up to 200 MB, 1 above)
 *   npm run bench -- --devtools=never      only Leaks; `auto` (default) skips DevTools from 1.5 GB on, where it
 *                                          would need ~8 GB of RAM; `always` runs it anyway
 *
 * Snapshots and results live in .cache/bench/ (results.json). Each measurement runs in its own child process.
 * Exits 0 when targets fail (this is a report) and 1 when a run crashed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildDevToolsBundle } from './devtools-bundle.ts';
import { ensureSnapshotSet } from './generate.ts';
import { measureInterleaved } from './measure.ts';
import { bundleRunners, repoDir } from './node-bundle.ts';
import { buildResult, targets } from './report.ts';
import { writeResults } from './results-file.ts';
import type { SnapshotResult } from './report.ts';
import { parseSizeKey, scenarioFor } from './scenarios.ts';
import type { SizeKey } from './scenarios.ts';
import { renderTable } from './table.ts';

const cacheDir = path.join(repoDir, '.cache', 'bench');

type DevToolsPolicy = 'auto' | 'always' | 'never';

interface Options {
  sizes: SizeKey[];
  runs?: number;
  devtools: DevToolsPolicy;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { sizes: ['app', 50, 200, 600], devtools: 'auto' };
  for (const arg of argv) {
    const [name, value = ''] = arg.split('=', 2);
    if (name === '--sizes') options.sizes = value.split(',').map((s) => parseSizeKey(s.trim()));
    else if (name === '--runs') options.runs = Math.max(1, Number.parseInt(value, 10) || 1);
    else if (name === '--devtools' && ['auto', 'always', 'never'].includes(value)) {
      options.devtools = value as DevToolsPolicy;
    } else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

function runsDevTools(policy: DevToolsPolicy, fileBytes: number): boolean {
  return policy === 'always' || (policy === 'auto' && fileBytes < targets.completesFromMegabytes * 1e6);
}

interface Bundles {
  devtoolsWorker: string;
  runners: { leaks: string; devtools: string };
}

async function benchSize(size: SizeKey, options: Options, bundles: Bundles): Promise<SnapshotResult> {
  const scenario = scenarioFor(size);
  console.log(`\n-- ${scenario.label}: snapshots`);
  const set = await ensureSnapshotSet(scenario, cacheDir);
  const fileBytes = fs.statSync(set.files.final).size;
  const runs = options.runs ?? (fileBytes <= 250e6 ? 3 : 1);
  console.log(`-- ${scenario.label}: measuring (${runs} run${runs > 1 ? 's' : ''} each)`);
  const measured = await measureInterleaved(
    {
      devtools: runsDevTools(options.devtools, fileBytes)
        ? { runner: bundles.runners.devtools, args: [bundles.devtoolsWorker, set.files.final] }
        : undefined,
      leaks: { runner: bundles.runners.leaks, args: ['analyze', set.files.final] },
      compare: {
        runner: bundles.runners.leaks,
        args: ['compare', set.files.baseline, set.files.target, set.files.final],
      },
    },
    runs,
  );
  return buildResult(set, fileBytes, measured.devtools, measured.leaks, measured.compare);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const bundles = {
    devtoolsWorker: await buildDevToolsBundle(cacheDir),
    runners: await bundleRunners(cacheDir),
  };
  const results: SnapshotResult[] = [];
  let crashed = false;
  for (const size of options.sizes) {
    try {
      const result = await benchSize(size, options, bundles);
      results.push(result);
      console.log(`\n${renderTable(result)}`);
      crashed ||= [result.devtools, result.leaks, result.compare].some((m) => m.error);
    } catch (error) {
      // Snapshot generation failed (Chrome crashed or ran out of memory): report it and go on with other sizes.
      console.error(`\n== size ${size}: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
      crashed = true;
    }
  }
  const resultsFile = path.join(cacheDir, 'results.json');
  writeResults(resultsFile, results);
  console.log(`\nResults: ${path.relative(process.cwd(), resultsFile)}`);
  return crashed ? 1 : 0;
}

process.exitCode = await main();
