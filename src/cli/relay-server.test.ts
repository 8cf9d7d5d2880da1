import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSnapshotParser } from '../core/index.ts';
import { launchChromium } from '../../test/support/chromium.ts';
import { launchPipedChromium } from '../../test/support/piped-chromium.ts';
import { findFreePort } from './launch-port.ts';
import { pipeBackend, portBackend, type RelayBackend } from './relay-backends.ts';
import { startCdpRelay, type CdpRelay } from './relay-server.ts';
import type { StreamedSnapshot } from './relay-session.ts';

const ORIGIN = 'chrome-extension://ehmkebcgddcgebelbgbafjjfobgbogpk';
const TOKEN = 'relay-test-0123456789';

/** A panel-like client of the relay: numbered calls, every message kept. */
/** Node's fetch body, read part by part. */
async function* partsOf(response: Response): AsyncGenerator<Uint8Array> {
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
}

async function openSession(url: string, headers: Record<string, string> = { origin: ORIGIN }) {
  const socket = new WebSocket(url, { headers });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const events: string[] = [];
  const replies = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as {
      id?: number;
      method?: string;
      result?: unknown;
      error?: unknown;
    };
    if (message.id !== undefined) replies.get(message.id)?.(message);
    else events.push(message.method ?? '?');
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<{ result?: unknown; error?: unknown }>((resolve) => {
      const id = nextId++;
      replies.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { socket, events, send };
}

async function targetIdOf(context: BrowserContext, page: Page): Promise<string> {
  const cdp = await context.newCDPSession(page);
  const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
  return targetInfo.targetId;
}

async function handshakeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', () => resolve(-1));
  });
}

interface BrowserUnderRelay {
  context: BrowserContext;
  chrome: RelayBackend;
  close(): Promise<void>;
}

/** `leaks browser`: Chromium's CBOR pipe. `leaks relay`: the remote-debugging port of a Chrome started by hand. */
const BACKENDS: Record<string, () => Promise<BrowserUnderRelay>> = {
  pipe: async () => {
    const piped = await launchPipedChromium();
    return { context: piped.context, chrome: pipeBackend(piped.pipe), close: piped.close };
  },
  port: async () => {
    const chromePort = await findFreePort();
    const launched = await launchChromium({ extraArgs: [`--remote-debugging-port=${chromePort}`] });
    return { context: launched.context, chrome: portBackend(chromePort), close: launched.close };
  },
};

describe.each(Object.keys(BACKENDS))("the CDP relay over Chromium's %s", (backend) => {
  let chromium: BrowserUnderRelay;
  let relay: CdpRelay;
  let page: Page;
  let pageUrl: string;
  const streamed: StreamedSnapshot[] = [];

  beforeAll(async () => {
    chromium = await BACKENDS[backend]!();
    relay = await startCdpRelay({
      chrome: chromium.chrome,
      extensionOrigin: ORIGIN,
      onSnapshotStreamed: (figures) => streamed.push(figures),
    });
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    await page.setContent('<p>relay</p>');
    await page.evaluate(() => {
      class RelayMarker {
        constructor(readonly n: number) {}
      }
      (window as unknown as { held: unknown }).held = Array.from(
        { length: 20_000 },
        (_, n) => new RelayMarker(n),
      );
    });
    pageUrl = `ws://127.0.0.1:${relay.port}/devtools/page/${await targetIdOf(chromium.context, page)}`;
  }, 60_000);

  afterAll(async () => {
    await relay?.close();
    await chromium?.close();
  });

  it('says what it is to our origin only, and refuses foreign Origins, Hosts and paths', async () => {
    const version = await fetch(`http://127.0.0.1:${relay.port}/json/version`, {
      headers: { origin: ORIGIN },
    });
    expect(version.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(((await version.json()) as Record<string, unknown>)['Leaks-Relay']).toBe(1);
    const foreign = await fetch(`http://127.0.0.1:${relay.port}/json/version`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    expect(await handshakeStatus(pageUrl, {})).toBe(403);
    expect(await handshakeStatus(pageUrl, { origin: 'https://evil.example' })).toBe(403);
    expect(await handshakeStatus(pageUrl, { origin: ORIGIN, host: 'evil.example' })).toBe(403);
    const browserTarget = pageUrl.replace('/devtools/page/', '/devtools/browser/');
    expect(await handshakeStatus(browserTarget, { origin: ORIGIN })).toBe(400);
    expect(await handshakeStatus(`${pageUrl}?stream=short`, { origin: ORIGIN })).toBe(400);
    const noStream = await fetch(`http://127.0.0.1:${relay.port}/leaks/snapshot-stream/${TOKEN}`, {
      headers: { origin: ORIGIN },
    });
    expect(noStream.status).toBe(404);
  });

  it('relays calls without permessage-deflate, which the client offered', async () => {
    const session = await openSession(pageUrl);
    expect(session.socket.extensions).toBe('');
    const answer = await session.send('Runtime.evaluate', { expression: '6 * 7', returnByValue: true });
    expect(answer.result).toEqual({ result: { type: 'number', value: 42, description: '42' } });
    // Text, numbers, nesting and errors survive the trip (as CBOR on the pipe) unchanged.
    const text = await session.send('Runtime.evaluate', {
      expression: `({ text: 'Grüße, 世界 \u{1F600} "q" \\\\', big: 2 ** 40, negative: -3, half: 0.5, list: [true, null] })`,
      returnByValue: true,
    });
    expect(text.result).toMatchObject({
      result: {
        value: {
          text: 'Grüße, 世界 \u{1F600} "q" \\',
          big: 2 ** 40,
          negative: -3,
          half: 0.5,
          list: [true, null],
        },
      },
    });
    expect((await session.send('No.suchMethod')).error).toMatchObject({ message: expect.any(String) });
    session.socket.close();
  });

  // Only a flat session on the pipe has a sessionId to protect; Chromium's page endpoint has none.
  if (backend === 'pipe')
    it('names the session itself: a sessionId from the panel is not followed', async () => {
      const session = await openSession(pageUrl);
      const reply = new Promise<unknown>((resolve) =>
        session.socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { id?: number };
          if (message.id === 77) resolve(message);
        }),
      );
      session.socket.send(
        JSON.stringify({
          id: 77,
          method: 'Runtime.evaluate',
          params: { expression: '1 + 1' },
          sessionId: 'x',
        }),
      );
      expect(await reply).toEqual({
        id: 77,
        result: { result: { type: 'number', value: 2, description: '2' } },
      });
      session.socket.close();
    });

  it('streams a snapshot as plain bytes to our origin, none of it over the socket', async () => {
    const session = await openSession(`${pageUrl}?stream=${TOKEN}`);
    const streamUrl = `http://127.0.0.1:${relay.port}/leaks/snapshot-stream/${TOKEN}`;
    expect((await fetch(streamUrl)).status).toBe(403); // no Origin: not the extension

    const stream = await fetch(streamUrl, { headers: { origin: ORIGIN } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await fetch(streamUrl, { headers: { origin: ORIGIN } })).status).toBe(409);

    const parser = createSnapshotParser({ mode: 'full' });
    const parts: Buffer[] = [];
    const askedAt = Date.now();
    streamed.length = 0;
    const read = (async () => {
      for await (const part of partsOf(stream)) {
        parser.write(part);
        parts.push(Buffer.from(part));
      }
    })();
    await session.send('HeapProfiler.enable');
    const reply = await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: true });
    expect(reply.error).toBeUndefined();
    await read;
    const snapshot = parser.end();
    expect(snapshot.nodeCount).toBeGreaterThan(20_000);
    expect(Buffer.concat(parts).includes('RelayMarker')).toBe(true);
    expect(session.events).not.toContain('HeapProfiler.addHeapSnapshotChunk');
    expect(session.events).toContain('HeapProfiler.reportHeapSnapshotProgress');
    // Told once, with every byte, and when Chrome's first and last chunks came (the capture measurement's phases).
    expect(streamed).toHaveLength(1);
    expect(streamed[0]!.bytes).toBe(Buffer.concat(parts).length);
    expect(streamed[0]!.firstChunkAt).toBeGreaterThanOrEqual(askedAt);
    expect(streamed[0]!.lastChunkAt).toBeGreaterThanOrEqual(streamed[0]!.firstChunkAt);
    expect(streamed[0]!.lastChunkAt).toBeLessThanOrEqual(Date.now());

    // Without a stream, the next snapshot comes as chunk events, as from Chromium itself.
    await session.send('HeapProfiler.takeHeapSnapshot');
    expect(session.events).toContain('HeapProfiler.addHeapSnapshotChunk');
    expect(streamed).toHaveLength(1);
    session.socket.close();
  }, 60_000);

  it('holds Chrome back, not its own memory, while a stream reader stalls, then gives it every byte', async () => {
    // A small allowance, so that what the relay may hold is far less than the snapshot and the buffers between.
    const holding = await startCdpRelay({
      chrome: chromium.chrome,
      extensionOrigin: ORIGIN,
      pauseAboveBytes: 256 * 1024,
    });
    const token = 'relay-test-stalled-00001';
    try {
      await page.evaluate(() => {
        (window as unknown as { stalled: unknown }).stalled = Array.from({ length: 600_000 }, (_, n) => ({
          n,
        }));
      });
      const target = await targetIdOf(chromium.context, page);
      const session = await openSession(
        `ws://127.0.0.1:${holding.port}/devtools/page/${target}?stream=${token}`,
      );
      const stream = await fetch(`http://127.0.0.1:${holding.port}/leaks/snapshot-stream/${token}`, {
        headers: { origin: ORIGIN },
      });
      await session.send('HeapProfiler.enable');
      let answered = false;
      const reply = session.send('HeapProfiler.takeHeapSnapshot').then((message) => {
        answered = true;
        return message;
      });
      // Unread, the snapshot (tens of MB; taken in ~2 s here) stays in Chrome: its answer comes after its chunks.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(answered).toBe(false);
      const parser = createSnapshotParser({ mode: 'full' });
      for await (const part of partsOf(stream)) parser.write(part);
      expect((await reply).error).toBeUndefined();
      expect(parser.end().nodeCount).toBeGreaterThan(600_000);
      session.socket.close();
    } finally {
      await page.evaluate(() => delete (window as unknown as { stalled?: unknown }).stalled);
      await holding.close();
    }
  }, 60_000);

  it('drops the rest of a snapshot whose reader went away, and answers the call', async () => {
    const token = 'relay-test-cancelled-0001';
    const session = await openSession(`${pageUrl}?stream=${token}`);
    const reading = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${relay.port}/leaks/snapshot-stream/${token}`, {
      headers: { origin: ORIGIN },
      signal: reading.signal,
    });
    const read = (async () => {
      for await (const part of partsOf(stream)) {
        void part;
        reading.abort(); // gone after the first bytes, like a cancelled capture
      }
    })().catch(() => 'aborted');
    await session.send('HeapProfiler.enable');
    const reply = await session.send('HeapProfiler.takeHeapSnapshot');
    expect(reply.error).toBeUndefined();
    expect(await read).toBe('aborted');
    expect(session.events).not.toContain('HeapProfiler.addHeapSnapshotChunk');
    expect((await session.send('Runtime.evaluate', { expression: '1' })).error).toBeUndefined();
    session.socket.close();
  }, 60_000);

  it('closes the panel socket, and its stream, when the page goes away', async () => {
    const token = 'relay-test-closing-00001';
    const other = await chromium.context.newPage();
    const session = await openSession(
      `ws://127.0.0.1:${relay.port}/devtools/page/${await targetIdOf(chromium.context, other)}?stream=${token}`,
    );
    const stream = await fetch(`http://127.0.0.1:${relay.port}/leaks/snapshot-stream/${token}`, {
      headers: { origin: ORIGIN },
    });
    const closed = new Promise<number>((resolve) => session.socket.once('close', (code) => resolve(code)));
    const read = (async () => {
      for await (const part of partsOf(stream)) void part;
    })().catch(() => 'broken');
    await other.close();
    expect(await closed).toBeGreaterThanOrEqual(1000);
    expect(await read).toBe('broken');
  }, 60_000);
});
