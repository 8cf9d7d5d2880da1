import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { fixtureSnapshot } from '../../test/support/fixture-snapshots.ts';
import type { SnapshotRole } from '../core/report/model.ts';
import { analysisEngine as engine } from './analysis-engine.ts';
import { createAnalysisService } from './analysis-service.ts';
import { dominatorEngine } from './dominator-engine.ts';
import { inThreadDominatorHelper, type DominatorHelper } from './dominator-helper.ts';
import { workerDominatorHelper } from './dominator-client.ts';
import { serveDominatorJobs } from './dominator-server.ts';
import type { MessageEndpoint } from './protocol.ts';
import type { CheckpointInfo } from './protocol.ts';
import type { WorkerHandlers } from './rpc-server.ts';
import type { SnapshotStore } from './snapshot-store.ts';

const ROLES: SnapshotRole[] = ['baseline', 'target', 'final'];

/** A loopback HTTP server standing in for the relay's snapshot stream; close() drops open connections too. */
async function serve(handler: http.RequestListener): Promise<{ origin: string; close(): void }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A stream that sends `bytes` and ends, as the relay's for a snapshot Chrome has answered for. */
function wholeBody(bytes: Uint8Array): http.RequestListener {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(bytes);
  };
}

/** The real engine, noting in `analyzed` each full analysis it runs (the streamed tests' snapshot is a target). */
function countingAnalyses(analyzed: string[]): typeof engine {
  return {
    ...engine,
    analyzeSnapshot: (...args: Parameters<typeof engine.analyzeSnapshot>) => {
      analyzed.push('target');
      return engine.analyzeSnapshot(...args);
    },
  };
}

/** The OPFS store's contract, in memory. */
function memoryStore(): SnapshotStore {
  const files = new Map<SnapshotRole, Uint8Array[]>();
  let index: CheckpointInfo[] = [];
  return {
    async create(role) {
      const parts: Uint8Array[] = [];
      files.set(role, parts);
      return {
        write: (bytes) => void parts.push(bytes.slice()),
        close: async () => undefined,
        abort: async () => void files.delete(role),
      };
    },
    file: async (role) => {
      const parts = files.get(role);
      return parts ? new File(parts as BlobPart[], `${role}.heapsnapshot`) : undefined;
    },
    remove: async (role) => void files.delete(role),
    saveIndex: async (checkpoints) => void (index = structuredClone(checkpoints)),
    loadIndex: async () => structuredClone(index),
    clear: async () => {
      files.clear();
      index = [];
    },
  };
}

/**
 * Feeds a file the way the panel does, at awkward chunk sizes: captured snapshots arrive as strings (CDP),
 * imported ones as ArrayBuffers (file.stream()).
 */
async function feed(
  service: WorkerHandlers,
  role: SnapshotRole,
  bytes: Uint8Array,
  chunkSize: number,
  as: 'strings' | 'buffers' = 'buffers',
) {
  // Strings are what a capture delivers: its declared counts are allocated up front (declaredCountsTrusted).
  await service.beginSnapshot({
    role,
    label: `${role}.heapsnapshot`,
    persist: true,
    capture: as === 'strings',
  });
  const decoder = new TextDecoder();
  for (let at = 0; at < bytes.length; at += chunkSize) {
    const slice = bytes.subarray(at, at + chunkSize);
    const chunk = as === 'strings' ? decoder.decode(slice, { stream: true }) : new Uint8Array(slice).buffer;
    await service.appendChunk({ role, chunk });
  }
  return service.endSnapshot({ role });
}

describe('analysis service with the real engine', () => {
  // Plain Uint8Arrays: a Buffer's slice() shares memory, and its .buffer may be a whole pool.
  const snapshots = ROLES.map(
    (role) => new Uint8Array(readFileSync(fixtureSnapshot('closure-detached', role))),
  );

  /** `service`'s report on the baseline and target equals a service's fed the same two snapshots as chunks. */
  async function expectReportAsFed(service: WorkerHandlers): Promise<void> {
    const fed = createAnalysisService(engine, undefined);
    await feed(fed, 'baseline', snapshots[0]!, 1 << 20);
    await feed(fed, 'target', snapshots[1]!, 1 << 20);
    const withoutTime = (report: { generatedAt: string }) => ({ ...report, generatedAt: '' });
    expect(withoutTime(await service.compare({}))).toEqual(withoutTime(await fed.compare({})));
  }

  /** The reports a service gives once the target and once the final are in, fed in order (time stamps blanked). */
  const comparisonsOf = async (
    service: WorkerHandlers,
    chunkSize: number,
    as: 'strings' | 'buffers',
  ): Promise<unknown[]> => {
    const seen: unknown[] = [];
    for (const [i, role] of ROLES.entries()) {
      await feed(service, role, snapshots[i]!, chunkSize, as);
      if (role !== 'baseline') seen.push({ ...(await service.compare({})), generatedAt: '' });
    }
    return seen;
  };

  it('parses chunked checkpoints, compares, renders, and restores the same report from its store', async () => {
    const store = memoryStore();
    const service = createAnalysisService(engine, store);
    const infos: CheckpointInfo[] = [];
    for (const [i, role] of ROLES.entries()) {
      infos.push(
        await feed(service, role, snapshots[i]!, 65_537 + i * 7919, i === 1 ? 'buffers' : 'strings'),
      );
    }
    expect(infos.map((info) => info.bytes)).toEqual(snapshots.map((s) => s.length));
    expect(infos.every((info) => info.persisted && info.nodeCount > 0)).toBe(true);

    const report = await service.compare({});
    const ticker = report.leaks.find(
      (leak) => leak.kind === 'detached-dom' && leak.title.includes('price-ticker'),
    );
    expect(ticker).toBeDefined();
    expect(await service.render({ format: 'md' })).toContain('price-ticker');

    const saved = await service.savedSnapshot({ role: 'final' });
    expect(saved.size).toBe(snapshots[2]!.length);

    const reloaded = createAnalysisService(engine, store);
    expect((await reloaded.restore({})).map((info) => info.role)).toEqual(ROLES);
    const restoredReport = await reloaded.compare({});
    expect({ ...restoredReport, generatedAt: '' }).toEqual({ ...report, generatedAt: '' });

    await reloaded.clear({});
    expect(await createAnalysisService(engine, store).restore({})).toEqual([]);
  });

  it('writes the saved copy after the results: a baseline at once, a target once its comparison is out', async () => {
    const store = memoryStore();
    const service = createAnalysisService(engine, store);
    const savedBytes = async (role: SnapshotRole) => (await store.file(role))?.size;
    const indexed = async () => (await store.loadIndex()).map((info) => info.role);
    await feed(service, 'baseline', snapshots[0]!, 1 << 20);
    await vi.waitFor(async () => expect(await indexed()).toEqual(['baseline']));
    expect(await savedBytes('baseline')).toBe(snapshots[0]!.length);
    await feed(service, 'target', snapshots[1]!, 1 << 20);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await savedBytes('target')).toBe(0);
    expect(await indexed()).toEqual(['baseline']);
    await service.compare({});
    await vi.waitFor(async () => expect(await indexed()).toEqual(['baseline', 'target']));
    expect(await savedBytes('target')).toBe(snapshots[1]!.length);
  });

  it('reports a cut-off snapshot at endSnapshot and keeps the checkpoints it had', async () => {
    const service = createAnalysisService(engine, undefined);
    await feed(service, 'baseline', snapshots[0]!, 1 << 20);
    const truncated = snapshots[1]!.subarray(0, snapshots[1]!.length >> 1);
    await expect(feed(service, 'target', truncated, 1 << 20)).rejects.toMatchObject({ code: 'truncated' });
    await expect(service.compare({})).rejects.toMatchObject({ code: 'need-two-checkpoints' });
    await feed(service, 'target', snapshots[1]!, 1 << 20);
    await expect(service.compare({})).resolves.toMatchObject({ schemaVersion: 1 });
  });

  it('reads a streamed snapshot itself, reports its bytes, and reports a stream that broke off', async () => {
    // Each path serves one snapshot in parts, as the relay does; /broken stops halfway and drops the socket,
    // /short stops halfway and ends the body cleanly.
    const server = await serve((request, response) => {
      const [, role, how] = (request.url ?? '').split('/') as [string, SnapshotRole, string];
      const bytes = snapshots[ROLES.indexOf(role)];
      if (!bytes) return void response.writeHead(404).end('no such snapshot');
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const until = how === 'broken' || how === 'short' ? bytes.length >> 1 : bytes.length;
      for (let at = 0; at < until; at += 50_000)
        response.write(bytes.subarray(at, Math.min(at + 50_000, until)));
      if (how === 'broken') setTimeout(() => response.destroy(), 100);
      else response.end();
    });
    const { origin } = server;
    try {
      const progress: [SnapshotRole, number][] = [];
      const service = createAnalysisService(engine, memoryStore(), (role, bytes) =>
        progress.push([role, bytes]),
      );
      await service.beginSnapshot({ role: 'baseline', label: 'baseline.heapsnapshot', persist: true });
      await service.streamSnapshot({ role: 'baseline', url: `${origin}/baseline/whole` });
      const baseline = await service.endSnapshot({ role: 'baseline' });
      expect(baseline.bytes).toBe(snapshots[0]!.length);
      expect(progress.at(-1)).toEqual(['baseline', snapshots[0]!.length]);

      await service.beginSnapshot({ role: 'target', label: 'target.heapsnapshot', persist: true });
      await service.streamSnapshot({ role: 'target', url: `${origin}/target/broken` });
      await expect(service.endSnapshot({ role: 'target' })).rejects.toThrow(/stream broke off/);

      await service.beginSnapshot({ role: 'target', label: 'target.heapsnapshot', persist: true });
      await service.streamSnapshot({ role: 'target', url: `${origin}/target/short` });
      await expect(service.endSnapshot({ role: 'target' })).rejects.toThrow(/truncated/);

      await service.beginSnapshot({ role: 'target', label: 'target.heapsnapshot', persist: true });
      await expect(service.streamSnapshot({ role: 'target', url: `${origin}/nothing` })).rejects.toThrow(
        /HTTP 404: no such snapshot/,
      );
      await service.discardSnapshot({ role: 'target' });
      await service.beginSnapshot({ role: 'target', label: 'target.heapsnapshot', persist: true });
      await service.streamSnapshot({ role: 'target', url: `${origin}/target/whole` });
      await service.endSnapshot({ role: 'target' });
      // The same two snapshots fed as chunks give the same report.
      await expectReportAsFed(service);
    } finally {
      server.close();
    }
  });

  it("reduces the baseline to its digest when Chrome walks the target's heap, else at its first byte or at once", async () => {
    // The body waits for `send`, as the relay's waits for Chrome's first chunk.
    let send: () => void = () => undefined;
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.flushHeaders();
      send = () => response.end(snapshots[1]!);
    });
    const url = `${server.origin}/target`;
    const digested: string[] = [];
    const counting = {
      ...engine,
      digestSnapshot: (...args: Parameters<typeof engine.digestSnapshot>) => {
        digested.push(args[1]?.classes ? 'with classes' : 'ids');
        return engine.digestSnapshot(...args);
      },
    };
    const streamedTarget = async (service: WorkerHandlers) => {
      await feed(service, 'baseline', snapshots[0]!, 1 << 20);
      await service.beginSnapshot({
        role: 'target',
        label: 't',
        persist: false,
        capture: true,
        streamed: true,
      });
      await service.streamSnapshot({ role: 'target', url });
    };
    const aWhile = () => new Promise((resolve) => setTimeout(resolve, 50));
    try {
      const walked = createAnalysisService(counting, undefined);
      await streamedTarget(walked);
      await aWhile();
      expect(digested).toEqual([]); // the garbage collections before the walk use both cores
      await walked.heapWalking({ role: 'target' });
      expect(digested).toEqual([]); // after answering
      await aWhile();
      expect(digested).toEqual(['with classes']);
      send();
      await walked.endSnapshot({ role: 'target' });
      expect(digested).toEqual(['with classes']);

      digested.length = 0;
      const unannounced = createAnalysisService(counting, undefined);
      await streamedTarget(unannounced);
      await aWhile();
      expect(digested).toEqual([]);
      send();
      await vi.waitFor(() => expect(digested).toEqual(['with classes']));
      await unannounced.endSnapshot({ role: 'target' });
      expect(digested).toEqual(['with classes']);

      digested.length = 0;
      const fed = createAnalysisService(counting, undefined);
      await feed(fed, 'baseline', snapshots[0]!, 1 << 20);
      await fed.beginSnapshot({ role: 'target', label: 't', persist: false, capture: true });
      expect(digested).toEqual(['with classes']);
    } finally {
      server.close();
    }
  });

  it("makes the storage of the target's columns, distance search and analysis while Chrome walks its heap", async () => {
    let send: () => void = () => undefined;
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.flushHeaders();
      send = () => response.end(snapshots[1]!);
    });
    const reserved: number[] = [];
    const storages: unknown[] = [];
    const columns: number[][] = [];
    const noting = {
      ...engine,
      reserveColumnsAhead: (nodeCount: number, edgeCount: number) => {
        columns.push([nodeCount, edgeCount]);
        return engine.reserveColumnsAhead(nodeCount, edgeCount);
      },
      reserveAnalysisAhead: (nodeCount: number) => {
        reserved.push(nodeCount);
        const storage = engine.reserveAnalysisAhead(nodeCount);
        storages.push(storage);
        return storage;
      },
      computeDistancesAhead: (...args: Parameters<typeof engine.computeDistancesAhead>) => {
        storages.push(args[1]);
        return engine.computeDistancesAhead(...args);
      },
      beginAnalysis: (...args: Parameters<typeof engine.beginAnalysis>) => {
        storages.push(args[1]?.scratch);
        return engine.beginAnalysis(...args);
      },
    };
    try {
      const service = createAnalysisService(
        noting,
        undefined,
        undefined,
        inThreadDominatorHelper(dominatorEngine),
      );
      const baseline = await feed(service, 'baseline', snapshots[0]!, 1 << 20);
      await service.beginSnapshot({
        role: 'target',
        label: 'target.heapsnapshot',
        persist: false,
        capture: true,
        streamed: true,
      });
      await service.streamSnapshot({ role: 'target', url: `${server.origin}/target` });
      await service.heapWalking({ role: 'target' });
      // For the checkpoint before, with a margin, once the stream's buffers are made.
      await vi.waitFor(() => expect(reserved).toEqual([Math.ceil(1.1 * baseline.nodeCount)]));
      // The parser's columns before them.
      expect(columns).toEqual([[Math.ceil(1.1 * baseline.nodeCount), Math.ceil(1.1 * baseline.edgeCount)]]);
      send();
      await service.endSnapshot({ role: 'target' });
      // The search ahead and the analysis ran on that very storage.
      expect(storages).toHaveLength(3);
      expect(new Set(storages).size).toBe(1);
      await expectReportAsFed(service);
    } finally {
      server.close();
    }
  });

  it('begins the analysis when the stream ends, without waiting for endSnapshot, and a discard then waits for it', async () => {
    const server = await serve(wholeBody(snapshots[1]!));
    const url = `${server.origin}/target`;
    const analyzed: string[] = [];
    const counting = countingAnalyses(analyzed);
    const streamed = async (service: WorkerHandlers, persist: boolean) => {
      await feed(service, 'baseline', snapshots[0]!, 1 << 20);
      await service.beginSnapshot({ role: 'target', label: 't', persist, capture: true, streamed: true });
      await service.streamSnapshot({ role: 'target', url });
      await vi.waitFor(() => expect(analyzed).toEqual(['target']), { timeout: 30_000 });
    };
    try {
      const service = createAnalysisService(counting, undefined);
      await streamed(service, false);
      const info = await service.endSnapshot({ role: 'target' });
      expect(info).toMatchObject({ role: 'target', bytes: snapshots[1]!.length });
      expect(analyzed).toEqual(['target']); // endSnapshot took the analysis already under way
      expect((await service.compare({})).summary).toBeDefined();

      // Discarded before endSnapshot came: nothing of it stays, in memory or saved.
      analyzed.length = 0;
      const store = memoryStore();
      const discarding = createAnalysisService(counting, store);
      await streamed(discarding, true);
      await discarding.discardSnapshot({ role: 'target' });
      await expect(discarding.endSnapshot({ role: 'target' })).rejects.toMatchObject({ code: 'no-capture' });
      await expect(discarding.compare({})).rejects.toMatchObject({ code: 'need-two-checkpoints' });
      expect(await store.file('target')).toBeUndefined();
      expect((await store.loadIndex()).map((saved) => saved.role)).toEqual(['baseline']);
    } finally {
      server.close();
    }
  });

  it('begins the analysis at the closing brace while the body is still open, and a break after it loses nothing', async () => {
    let breakOff: () => void = () => undefined;
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      // Every byte, then the body stays open: as the relay's between Chrome's last chunk and its answer.
      response.write(snapshots[1]);
      breakOff = () => response.destroy();
    });
    const analyzed: string[] = [];
    const counting = countingAnalyses(analyzed);
    try {
      const store = memoryStore();
      const service = createAnalysisService(counting, store);
      await feed(service, 'baseline', snapshots[0]!, 1 << 20);
      await service.beginSnapshot({
        role: 'target',
        label: 't',
        persist: true,
        capture: true,
        streamed: true,
      });
      await service.streamSnapshot({ role: 'target', url: `${server.origin}/target` });
      await vi.waitFor(() => expect(analyzed).toEqual(['target']), { timeout: 30_000 });
      breakOff();
      const info = await service.endSnapshot({ role: 'target' });
      expect(info).toMatchObject({ role: 'target', bytes: snapshots[1]!.length, persisted: true });
      expect((await service.compare({})).summary).toBeDefined();
      // The index names the saved copy only once it is written whole.
      await vi.waitFor(
        async () =>
          expect((await store.loadIndex()).map((saved) => saved.role)).toEqual(['baseline', 'target']),
        { timeout: 30_000 },
      );
      const saved = new Uint8Array(await (await store.file('target'))!.arrayBuffer());
      expect(Buffer.from(saved).equals(Buffer.from(snapshots[1]!))).toBe(true);
    } finally {
      server.close();
    }
  });

  it('lets go of a stream whose capture was discarded while it opened', async () => {
    let closed: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (closed = resolve));
    const server = await serve((request, response) => {
      request.on('close', () => closed());
      // Headers after a while, and then nothing: as the relay's stream before Chrome sends its chunks.
      setTimeout(
        () => response.writeHead(200, { 'content-type': 'application/octet-stream' }).flushHeaders(),
        50,
      );
    });
    const url = `${server.origin}/target`;
    try {
      const service = createAnalysisService(engine, undefined);
      await service.beginSnapshot({
        role: 'target',
        label: 't',
        persist: false,
        capture: true,
        streamed: true,
      });
      const opening = service.streamSnapshot({ role: 'target', url });
      await service.discardSnapshot({ role: 'target' });
      await expect(opening).rejects.toMatchObject({ code: 'no-capture' });
      await released;
    } finally {
      server.close();
    }
  });

  it('hands each analysis the distance search its stream did ahead of the names, for the same reports', async () => {
    const reports = async (ahead: boolean) => {
      const given: boolean[] = [];
      const service = createAnalysisService(
        {
          ...engine,
          analyzeSnapshot: (snapshot, options) => {
            given.push(options?.distancesAhead !== undefined);
            return engine.analyzeSnapshot(
              snapshot,
              ahead ? options : { ...options, distancesAhead: undefined },
            );
          },
        },
        undefined,
      );
      const seen = await comparisonsOf(service, 1 << 16, 'buffers');
      return { seen, given };
    };
    const ahead = await reports(true);
    expect(ahead.given).toEqual([true, true]); // the target's and the final's
    expect(ahead.seen).toEqual((await reports(false)).seen);
    // A search that fails (out of memory, say) leaves the distances to the analysis: the same reports.
    const failing = createAnalysisService(
      {
        ...engine,
        computeDistancesAhead: () => {
          throw new RangeError('Array buffer allocation failed');
        },
      },
      undefined,
    );
    expect(await comparisonsOf(failing, 1 << 16, 'buffers')).toEqual(ahead.seen);
  });

  it('gives the same reports with the dominators on a helper, and when the helper never answers', async () => {
    const reports = (helper?: DominatorHelper) =>
      comparisonsOf(createAnalysisService(engine, undefined, undefined, helper), 1 << 20, 'strings');
    // The dominator worker's own code behind a real message channel: the graph copies and the trees cross it.
    const served: MessageChannel[] = [];
    const answers: string[] = [];
    const overChannel = (maxBytes: number) =>
      workerDominatorHelper(
        () => {
          const channel = new MessageChannel();
          serveDominatorJobs(channel.port2 as unknown as MessageEndpoint, dominatorEngine);
          served.push(channel);
          channel.port1.addEventListener('message', (event) => answers.push(event.data.type));
          return channel.port1 as unknown as MessageEndpoint;
        },
        { timeoutMs: 60_000, maxBytes },
      );
    // A worker that takes the jobs and never answers: the analysis computes the trees itself after the timeout.
    const silent = workerDominatorHelper(() => new MessageChannel().port1 as unknown as MessageEndpoint, {
      timeoutMs: 50,
      maxBytes: Infinity,
    });
    const expected = await reports();
    expect(await reports(inThreadDominatorHelper(dominatorEngine))).toEqual(expected);
    expect(await reports(overChannel(Infinity))).toEqual(expected);
    expect(served).toHaveLength(2); // a fresh worker for each job: the target's is retired once it answers
    expect(answers).toEqual(['tree', 'tree']); // the target's and the final's, each answered
    expect(await reports(silent)).toEqual(expected);
    // Snapshots whose second-thread memory would pass the limit keep their dominators on the analysis worker.
    answers.length = 0;
    expect(await reports(overChannel(1))).toEqual(expected);
    expect(answers).toEqual([]);
    for (const channel of served) channel.port1.close();
  });
});
