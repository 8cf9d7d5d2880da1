/**
 * Child process: Chrome DevTools' own heap snapshot worker (bundled by devtools-bundle.ts) loads and fully
 * processes one snapshot in Node, the way DevTools does when it opens a snapshot:
 * HeapSnapshotLoader.write() with ~1 MB string chunks, close(), buildSnapshot() (edge indexes, retainers, DOM
 * state, flags, distances, dominators, retained sizes, object names, statistics …) with the second half of
 * initialization in a second thread (SecondaryInitManager), like DevTools' two workers; then the Summary view's
 * class aggregates (aggregatesWithFilter). Usage (bundled by node-bundle.ts): node devtools-runner.mjs <heap-snapshot-worker.mjs> <file>
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { cpuSecondsSince, currentRssBytes, reportResult, runChild, secondsSince } from './child-report.ts';

// Node 20 lacks Promise.withResolvers (Node 22+, all current Chromes have it); DevTools' code uses it.
const withResolversPolyfill = `if (!Promise.withResolvers) {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}`;

const secondWorkerSource = `${withResolversPolyfill}
const { workerData } = require('node:worker_threads');
import(workerData.bundleUrl).then((m) => { new m.SecondaryInitManager(workerData.port); });`;

interface DevToolsSnapshot {
  nodeCount: number;
  containmentEdges: { length: number };
  edgeFieldsCount: number;
  aggregatesWithFilter(filter: object): Record<string, unknown>;
}
interface DevToolsLoader {
  write(chunk: string): void;
  close(): void;
  parsingComplete: Promise<void>;
  buildSnapshot(port: unknown): Promise<DevToolsSnapshot>;
}
interface DevToolsBundle {
  HeapSnapshotLoader: new (dispatcher?: unknown) => DevToolsLoader;
}

async function main(): Promise<void> {
  const [bundlePath, file] = process.argv.slice(2);
  if (!bundlePath || !file) throw new Error('usage: devtools-runner.ts <bundle.mjs> <file.heapsnapshot>');
  new Function(withResolversPolyfill)();
  const bundleUrl = pathToFileURL(bundlePath).href;
  const bundle = (await import(bundleUrl)) as DevToolsBundle;
  const channel = new MessageChannel();
  const secondWorker = new Worker(secondWorkerSource, {
    eval: true,
    workerData: { bundleUrl, port: channel.port2 },
    transferList: [channel.port2],
  });
  const rssBeforeLoad = currentRssBytes();

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const loader = new bundle.HeapSnapshotLoader();
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  // Each 'data' event is a macrotask; the loader parses the chunk in the microtasks write() triggers.
  for await (const chunk of stream) loader.write(chunk as string);
  loader.close();
  await loader.parsingComplete;
  const parseSeconds = secondsSince(started);

  const processStarted = performance.now();
  const snapshot = await loader.buildSnapshot(channel.port1);
  const processSeconds = secondsSince(processStarted);

  const aggregatesStarted = performance.now();
  const classCount = Object.keys(snapshot.aggregatesWithFilter({})).length;
  const aggregatesSeconds = secondsSince(aggregatesStarted);
  const totalSeconds = secondsSince(started);
  const cpuSeconds = cpuSecondsSince(cpuStart);

  await secondWorker.terminate();
  reportResult({
    tool: 'devtools',
    file,
    fileBytes: fs.statSync(file).size,
    nodeCount: snapshot.nodeCount,
    edgeCount: snapshot.containmentEdges.length / snapshot.edgeFieldsCount,
    classCount,
    totalSeconds,
    cpuSeconds,
    phases: { parse: parseSeconds, process: processSeconds, aggregates: aggregatesSeconds },
    rssBeforeLoadBytes: rssBeforeLoad,
  });
}

runChild(main);
