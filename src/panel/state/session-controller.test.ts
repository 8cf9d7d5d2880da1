import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import type { CdpConnection, CdpEventHandler } from '../../cdp/connection.ts';
import { analysisEngine } from '../../worker/analysis-engine.ts';
import { createAnalysisService } from '../../worker/analysis-service.ts';
import type { MessageEndpoint } from '../../worker/protocol.ts';
import { serveWorkerApi } from '../../worker/rpc-server.ts';
import { WorkerClient } from '../../worker/worker-client.ts';
import type { PanelHost } from '../panel-host.ts';
import { createPanelStore } from './panel-store.ts';
import { createSessionController } from './session-controller.ts';

const CHUNK = 1 << 20; // what Chrome sends (DESIGN.md §3)
const snapshotText = (role: 'baseline' | 'target' | 'final') =>
  readFileSync(fixtureSnapshot('closure-detached', role), 'utf8');

/**
 * A page whose heap snapshots are the recorded fixture files, served over the CdpConnection contract the way
 * Chrome does: chunk events, then the answer to takeHeapSnapshot. `closeDuringNext` drops the connection after
 * the first chunk of the next snapshot, like a tab closing mid-capture.
 */
function replayingPage(snapshots: string[]) {
  const handlers = new Map<string, Set<CdpEventHandler>>();
  const closeHandlers = new Set<(reason: string) => void>();
  const control = { closeDuringNext: false };
  const conn: CdpConnection = {
    kind: 'trusted-websocket',
    async send<T>(method: string): Promise<T> {
      if (method !== 'HeapProfiler.takeHeapSnapshot') return {} as T;
      const text = snapshots.shift()!;
      for (let at = 0; at < text.length; at += CHUNK) {
        for (const handler of handlers.get('HeapProfiler.addHeapSnapshotChunk') ?? []) {
          handler({ chunk: text.slice(at, at + CHUNK) });
        }
        if (control.closeDuringNext) {
          control.closeDuringNext = false;
          for (const handler of closeHandlers) handler('target closed');
          return new Promise<T>(() => {}); // Chrome never answers a closed socket
        }
      }
      return {} as T;
    },
    on(event, handler) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
      return () => handlers.get(event)!.delete(handler);
    },
    onClose(handler) {
      closeHandlers.add(handler);
      return () => closeHandlers.delete(handler);
    },
    close: async () => undefined,
  };
  return { conn, control };
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.port1.close();
});

function setup(snapshots: string[]) {
  const page = replayingPage(snapshots);
  const worker = new WorkerClient(
    () => {
      const channel = new MessageChannel();
      channels.push(channel);
      serveWorkerApi(
        channel.port2 as unknown as MessageEndpoint,
        createAnalysisService(analysisEngine, undefined),
      );
      return channel.port1 as unknown as MessageEndpoint;
    },
    { timeoutMs: 60_000 },
  );
  const host: PanelHost = {
    inspectedTabId: 1,
    extensionId: 'test',
    theme: () => 'light',
    onThemeChange: () => undefined,
    openResource: () => undefined,
    findTrustedEndpoint: async () => ({
      port: 9222,
      wsUrl: 'ws://127.0.0.1:9222/devtools/page/T',
      relay: false,
    }),
    connectTrusted: async () => page.conn,
    attachDebugger: async () => {
      throw new Error('quick mode is not under test here');
    },
  };
  const store = createPanelStore('light');
  const downloads: { blob: Blob; name: string }[] = [];
  const controller = createSessionController({
    store,
    worker,
    host,
    download: (blob, name) => downloads.push({ blob, name }),
  });
  return { store, controller, downloads, control: page.control };
}

describe('session controller with the real worker service', () => {
  it('records three trusted checkpoints, shows the leak and exports the report it shows', async () => {
    const { store, controller, downloads } = setup([
      snapshotText('baseline'),
      snapshotText('target'),
      snapshotText('final'),
    ]);
    await controller.detectSource();
    expect(store.getState().source).toMatchObject({ kind: 'trusted', port: 9222 });

    await controller.record();
    expect(store.getState().phase).toEqual({ kind: 'idle' });
    expect(store.getState().report).toBeNull();
    await controller.record();
    expect(store.getState().phase).toEqual({ kind: 'ready' });
    await controller.record();
    const { report, checkpoints, selectedLeakId } = store.getState();
    expect(checkpoints.map((c) => c.label)).toEqual(
      ['baseline', 'target', 'final'].map((r) => `${r}.heapsnapshot`),
    );
    expect(report?.leaks.some((leak) => leak.title.includes('price-ticker'))).toBe(true);
    expect(selectedLeakId).toBe(report?.leaks[0]?.id);

    await controller.exportReport('json');
    expect(downloads[0]?.name).toMatch(/^leaks-report-.*\.json$/);
    expect(JSON.parse(await downloads[0]!.blob.text())).toEqual(report);
  });

  it('keeps the baseline when the connection closes mid-capture, and records again afterwards', async () => {
    const { store, controller, control } = setup([
      snapshotText('baseline'),
      snapshotText('target'),
      snapshotText('target'),
    ]);
    await controller.detectSource();
    await controller.record();
    control.closeDuringNext = true;
    await controller.record();
    expect(store.getState().phase).toMatchObject({ kind: 'error', code: 'connection-lost' });
    expect(store.getState().checkpoints.map((c) => c.role)).toEqual(['baseline']);

    await controller.record();
    expect(store.getState().checkpoints.map((c) => c.role)).toEqual(['baseline', 'target']);
    expect(store.getState().phase).toEqual({ kind: 'ready' });
  });

  it('says a file is not a snapshot and keeps going', async () => {
    const { store, controller } = setup([]);
    await controller.importFiles([new File(['{"hello": "world"}'], 'notes.json')]);
    expect(store.getState().phase).toMatchObject({ kind: 'error', code: 'invalid-snapshot' });
    expect(store.getState().checkpoints).toEqual([]);
  });
});
