import { readFile, rm } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPlaywrightConnection } from '../cdp/playwright-connection.ts';
import type { CdpConnection } from '../cdp/connection.ts';
import { launchChromium } from '../../test/support/chromium.ts';
import type { LaunchedChromium } from '../../test/support/chromium.ts';
import { writeSnapshotFile } from '../../test/support/write-snapshot-file.ts';
import { takeHeapSnapshot } from './heap-snapshot.ts';

const MARKER = 'leaks-capture-test-marker';
const TINY_PAGE = `<!doctype html><title>tiny</title><p>tiny page</p>
<script>window.captureMarker = { label: '${MARKER}' };</script>`;

interface RawSnapshot {
  snapshot: {
    meta: { node_fields: string[]; edge_fields: string[] };
    node_count: number;
    edge_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

describe('takeHeapSnapshot over a Playwright CDP session', () => {
  let browser: LaunchedChromium;
  const tempDir = mkdtempSync(join(tmpdir(), 'leaks-capture-test-'));

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(tempDir, { recursive: true, force: true });
  });

  async function openTinyPage(): Promise<{ page: Page; conn: CdpConnection }> {
    const page = await browser.context.newPage();
    await page.setContent(TINY_PAGE);
    return { page, conn: createPlaywrightConnection(await browser.context.newCDPSession(page)) };
  }

  it('streams a complete snapshot in several chunks and reports progress', async () => {
    const { page, conn } = await openTinyPage();
    const chunkSizes: number[] = [];
    const progress: [number, number][] = [];
    const path = join(tempDir, 'tiny.heapsnapshot');
    await takeHeapSnapshot(conn, (chunk) => chunkSizes.push(chunk.length), {
      onProgress: (done, total) => progress.push([done, total]),
    });
    const bytes = await writeSnapshotFile(conn, path);
    await page.close();

    expect(chunkSizes.length).toBeGreaterThan(1);
    expect(progress.length).toBeGreaterThan(0);
    const [lastDone, lastTotal] = progress.at(-1)!;
    expect(lastDone).toBe(lastTotal);

    const text = await readFile(path, 'utf8');
    expect(Buffer.byteLength(text)).toBe(bytes);
    const parsed = JSON.parse(text) as RawSnapshot;
    const { meta, node_count, edge_count } = parsed.snapshot;
    expect(node_count).toBeGreaterThan(1000);
    expect(parsed.nodes.length).toBe(node_count * meta.node_fields.length);
    expect(parsed.edges.length).toBe(edge_count * meta.edge_fields.length);
    expect(parsed.strings).toContain(MARKER);
  });

  it('keeps object ids stable across snapshots on one connection', async () => {
    const { page, conn } = await openTinyPage();
    const heapId = async (): Promise<string> => {
      const { result } = await conn.send<{ result: { objectId: string } }>('Runtime.evaluate', {
        expression: 'window.captureMarker',
      });
      const { heapSnapshotObjectId } = await conn.send<{ heapSnapshotObjectId: string }>(
        'HeapProfiler.getHeapObjectId',
        { objectId: result.objectId },
      );
      return heapSnapshotObjectId;
    };
    await takeHeapSnapshot(conn, () => {});
    const first = await heapId();
    await takeHeapSnapshot(conn, () => {});
    expect(await heapId()).toBe(first);
    await page.close();
  });

  it('rejects with a clear error when the page closes during the capture', async () => {
    // Closing from onProgress is not deterministic: Chromium defers the close of a tab until a running heap
    // snapshot has been written (measured), so the close is issued right after the capture starts instead.
    const { page, conn } = await openTinyPage();
    const capture = takeHeapSnapshot(conn, () => {});
    const closing = page.close();
    await expect(capture).rejects.toThrow(/Heap snapshot interrupted: connection closed/);
    await closing;
    await expect(conn.send('Runtime.evaluate', { expression: '1' })).rejects.toThrow(/closed/);
  });

  it('rejects with the abort reason when the signal aborts', async () => {
    const { page, conn } = await openTinyPage();
    const controller = new AbortController();
    const capture = takeHeapSnapshot(conn, () => {}, {
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('user cancelled')),
    });
    await expect(capture).rejects.toThrow('user cancelled');
    await page.close();
  });
});

/** A scripted connection for what a real browser cannot do on cue: drop the connection between two chunks. */
function scriptedConnection(
  sent: string[] = [],
): CdpConnection & { emit(event: string, params: unknown): void; drop(): void } {
  const handlers = new Map<string, Set<(params: unknown) => void>>();
  const closeHandlers = new Set<(reason: string) => void>();
  return {
    kind: 'node',
    send: <T>(method: string) => {
      sent.push(method);
      return method === 'HeapProfiler.takeHeapSnapshot' ? new Promise<T>(() => {}) : Promise.resolve({} as T);
    },
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set.add(handler));
      return () => set.delete(handler);
    },
    onClose(handler) {
      closeHandlers.add(handler);
      return () => closeHandlers.delete(handler);
    },
    close: async () => {},
    emit: (event, params) => handlers.get(event)?.forEach((handler) => handler(params)),
    drop: () => closeHandlers.forEach((handler) => handler('socket dropped')),
  };
}

describe('takeHeapSnapshot when the connection drops between chunks', () => {
  it('rejects, and forwards no chunk after the drop', async () => {
    const conn = scriptedConnection();
    const chunks: string[] = [];
    const capture = takeHeapSnapshot(conn, (chunk) => chunks.push(chunk), { gc: false });
    await new Promise((resolve) => setTimeout(resolve, 0));
    conn.emit('HeapProfiler.addHeapSnapshotChunk', { chunk: '{"snapshot":' });
    conn.drop();
    conn.emit('HeapProfiler.addHeapSnapshotChunk', { chunk: '{}}' });
    await expect(capture).rejects.toThrow('Heap snapshot interrupted: connection closed (socket dropped)');
    expect(chunks).toEqual(['{"snapshot":']);
  });
});

describe('takeHeapSnapshot with a receiver that gets ready meanwhile', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('collects garbage at once and sends takeHeapSnapshot only once the receiver is ready', async () => {
    const sent: string[] = [];
    const conn = scriptedConnection(sent);
    let receiverReady: () => void = () => undefined;
    let gcDone = false;
    void takeHeapSnapshot(conn, () => {}, {
      ready: (collected) => {
        void collected.then(() => (gcDone = true));
        return new Promise<void>((resolve) => (receiverReady = resolve));
      },
    });
    await settle();
    expect(sent).toEqual(['HeapProfiler.enable', ...Array(3).fill('HeapProfiler.collectGarbage')]);
    expect(gcDone).toBe(true);
    receiverReady();
    await settle();
    expect(sent.at(-1)).toBe('HeapProfiler.takeHeapSnapshot');
  });

  it("ends with the receiver's error and never asks Chrome for the snapshot", async () => {
    const sent: string[] = [];
    const capture = takeHeapSnapshot(scriptedConnection(sent), () => {}, {
      ready: () => Promise.reject(new Error('the worker is gone')),
    });
    await expect(capture).rejects.toThrow('the worker is gone');
    expect(sent).not.toContain('HeapProfiler.takeHeapSnapshot');
  });
});
