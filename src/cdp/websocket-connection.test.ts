import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CdpConnection } from './connection.ts';
import { connectWebSocket } from './websocket-connection.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../test/support/chromium.ts';

describe('connectWebSocket against a real Chromium', () => {
  let profileDir: string;
  let context: BrowserContext;
  let page: Page;
  let pageWsUrl: string;

  beforeAll(async () => {
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaks-ws-test-'));
    // Port 0: Chromium picks a free port and writes it to DevToolsActivePort in the profile.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS, '--remote-debugging-port=0'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.setContent(`<script>
      window.keep = Array.from({ length: 20000 }, (_, i) => ({ i, label: 'item-' + i }));
      window.addEventListener('leaks-test', () => {});
    </script>`);
    const port = Number(fs.readFileSync(path.join(profileDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    const session = await context.newCDPSession(page);
    const { targetInfo } = (await session.send('Target.getTargetInfo')) as {
      targetInfo: { targetId: string };
    };
    pageWsUrl = `ws://127.0.0.1:${port}/devtools/page/${targetInfo.targetId}`;
  });

  afterAll(async () => {
    await context?.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
  });

  async function open(options: { callTimeoutMs?: number } = {}): Promise<CdpConnection> {
    return connectWebSocket(pageWsUrl, { WebSocketImpl: WebSocket, ...options });
  }

  it('answers calls and dispatches events by method', async () => {
    const conn = await open();
    expect(conn.kind).toBe('trusted-websocket');
    const contexts: unknown[] = [];
    conn.on('Runtime.executionContextCreated', (params) => contexts.push(params));
    await conn.send('Runtime.enable');
    expect(contexts.length).toBeGreaterThan(0);
    const { result } = await conn.send<{ result: { value: number } }>('Runtime.evaluate', {
      expression: 'window.keep.length',
      returnByValue: true,
    });
    expect(result.value).toBe(20000);
    await conn.close();
  });

  it('rejects with the CDP error message', async () => {
    const conn = await open();
    await expect(conn.send('No.suchMethod')).rejects.toThrow(/No\.suchMethod.*wasn't found/);
    await conn.close();
  });

  it('takes a heap snapshot through HeapProfiler (trusted only)', async () => {
    const conn = await open();
    const chunks: string[] = [];
    conn.on('HeapProfiler.addHeapSnapshotChunk', (params) =>
      chunks.push((params as { chunk: string }).chunk),
    );
    await conn.send('HeapProfiler.enable');
    await conn.send('HeapProfiler.collectGarbage');
    await conn.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const text = chunks.join('');
    const snapshot = JSON.parse(text) as { snapshot: { node_count: number }; strings: string[] };
    expect(chunks.length).toBeGreaterThan(1);
    expect(snapshot.snapshot.node_count).toBeGreaterThan(20000);
    expect(snapshot.strings).toContain('item-19999');
    await conn.close();
  });

  it('rejects every pending call when the socket closes, and reports the close', async () => {
    const conn = await open();
    const reasons: string[] = [];
    conn.onClose((reason) => reasons.push(reason));
    // A call that cannot answer before we close: awaitPromise on a promise that never resolves.
    const hanging = conn.send('Runtime.evaluate', {
      expression: 'new Promise(() => {})',
      awaitPromise: true,
    });
    await conn.close();
    await expect(hanging).rejects.toThrow(/connection closed/);
    expect(reasons).toHaveLength(1);
    await expect(conn.send('Runtime.enable')).rejects.toThrow(/connection closed/);
  });

  it('times out a call when asked to', async () => {
    const conn = await open({ callTimeoutMs: 200 });
    const hanging = conn.send('Runtime.evaluate', {
      expression: 'new Promise(() => {})',
      awaitPromise: true,
    });
    await expect(hanging).rejects.toThrow(/no answer in 200 ms/);
    await conn.close();
  });

  it('fails to connect to a target that does not exist', async () => {
    const bad = pageWsUrl.replace(/page\/.*$/, 'page/NOPE');
    await expect(connectWebSocket(bad, { WebSocketImpl: WebSocket })).rejects.toThrow(/Could not connect/);
  });
});
