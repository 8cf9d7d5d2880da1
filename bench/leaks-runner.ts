/**
 * Child process: the Leaks engine (src/core) on one snapshot or one comparison.
 *   analyze <file>                      stream → parser (mode 'full') → analyzeSnapshot, phases timed
 *   compare <baseline> <target> <final> baseline + target parsed in mode 'ids', final full, then compareSnapshots
 * Files are read as the CLI reads them (src/cli/read-snapshot.ts).
 */
import fs from 'node:fs';
import { analyzeSnapshot, compareSnapshots } from '../src/core/index.ts';
import { readSnapshotFile } from '../src/cli/read-snapshot.ts';
import type { HeapSnapshot } from '../src/core/snapshot.ts';
import { mayOverlapReaders, readDigestsInWorker } from '../src/cli/read-in-worker.ts';
import {
  cpuSecondsSince,
  currentRssBytes,
  memoryPoint,
  reportResult,
  runChild,
  secondsSince,
} from './child-report.ts';

/** As `leaks compare` and `leaks summary` read a file (one reused 1 MiB buffer into the parser). */
function parseFile(file: string, mode: 'full' | 'ids'): Promise<HeapSnapshot> {
  return readSnapshotFile(file, { mode, label: file, progress: { bytes() {}, phase() {}, done() {} } });
}

async function analyze(file: string): Promise<void> {
  const rssBeforeLoad = currentRssBytes();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const snapshot = await parseFile(file, 'full');
  const parseSeconds = secondsSince(started);
  const afterParse = memoryPoint();
  const analysisStarted = performance.now();
  const analysis = analyzeSnapshot(snapshot, { classAggregates: true });
  const analysisSeconds = secondsSince(analysisStarted);
  const totalSeconds = secondsSince(started);
  const cpuSeconds = cpuSecondsSince(cpuStart);
  reportResult({
    tool: 'leaks',
    file,
    fileBytes: fs.statSync(file).size,
    nodeCount: snapshot.nodeCount,
    edgeCount: snapshot.edgeCount,
    detachedElements: analysis.detachedElements,
    detachedTrees: analysis.detachedTrees.length,
    classCount: analysis.classAggregates?.length ?? 0,
    totalSeconds,
    cpuSeconds,
    // The engine reports its own phase timings in milliseconds; keep them as seconds beside ours.
    phases: { parse: parseSeconds, analysis: analysisSeconds, ...engineTimingsInSeconds(analysis.timings) },
    rssBeforeLoadBytes: rssBeforeLoad,
    memoryMegabytes: { afterParse, afterAnalysis: memoryPoint() },
  });
}

/** The CLI's reader thread; inside the bundled runner it is the sibling bundle (see node-bundle.ts). */
function readerThreadEntry(): URL | undefined {
  return import.meta.url.endsWith('.mjs')
    ? new URL('./snapshot-reader-thread.mjs', import.meta.url)
    : undefined;
}

/** As `leaks compare` does it: baseline and target on a reader thread while this thread takes the final. */
async function compare(baselineFile: string, targetFile: string, finalFile: string): Promise<void> {
  const rssBeforeLoad = currentRssBytes();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let idsSeconds = 0;
  const earlierRead = readDigestsInWorker(
    [
      { file: baselineFile, label: 'baseline', classes: true },
      { file: targetFile, label: 'target', classes: false },
    ],
    { progress: { bytes() {}, phase() {}, done() {} }, entry: readerThreadEntry() },
  ).then((snapshots) => {
    idsSeconds = secondsSince(started);
    return snapshots;
  });
  earlierRead.catch(() => {});
  const finalSnapshot = await parseFile(finalFile, 'full');
  // As the CLI: on big files the analysis (the memory peak) starts once the reader threads are gone.
  if (!mayOverlapReaders(fs.statSync(finalFile).size)) await earlierRead;
  const final = analyzeSnapshot(finalSnapshot, { classAggregates: false }); // as `leaks compare`
  const finalSeconds = secondsSince(started);
  const [baseline, target] = await earlierRead;
  const compareStarted = performance.now();
  const report = compareSnapshots({ baseline: baseline!, target, final });
  const compareSeconds = secondsSince(compareStarted);
  reportResult({
    tool: 'leaks-compare',
    file: finalFile,
    totalSeconds: secondsSince(started),
    cpuSeconds: cpuSecondsSince(cpuStart),
    // The first two overlap: ids on the reader thread, the final on this one.
    phases: { baselineAndTargetIds: idsSeconds, finalFull: finalSeconds, compare: compareSeconds },
    leakClusters: report.leaks.length,
    leakedObjects: report.summary.leakedObjects,
    rssBeforeLoadBytes: rssBeforeLoad,
  });
}

function engineTimingsInSeconds(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([phase, ms]) => [`engine.${phase}`, ms / 1000]));
}

async function main(): Promise<void> {
  const [command, ...files] = process.argv.slice(2);
  if (command === 'analyze' && files.length === 1) return analyze(files[0]!);
  if (command === 'compare' && files.length === 3) return compare(files[0]!, files[1]!, files[2]!);
  throw new Error('usage: leaks-runner.ts analyze <file> | compare <baseline> <target> <final>');
}

runChild(main);
