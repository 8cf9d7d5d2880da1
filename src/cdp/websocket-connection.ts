import type { CdpConnection } from './connection.ts';
import { createEventRegistry } from './event-registry.ts';

/** The slice of the WebSocket API we use; the browser's WebSocket and `ws`'s WebSocket both fit it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WebSocketConnectionOptions {
  /**
   * Defaults to the global WebSocket (browser, Node 22+); in Node 20 pass `ws`'s WebSocket. With `ws`, turn off
   * permessage-deflate (subclass with `{ perMessageDeflate: false }`): Chromium accepts it, and measured on a
   * 120 MB snapshot it cost 5.6–6.1 s against 3.2–3.4 s without. A page cannot turn it off: `leaks browser`'s
   * relay declines it instead (src/cli/relay-server.ts).
   */
  WebSocketImpl?: WebSocketConstructor;
  /** Rejects a call with no answer after this long. Off by default: a big heap snapshot takes minutes. */
  callTimeoutMs?: number;
  /** Gives up on the handshake after this long. */
  connectTimeoutMs?: number;
  /** The relay's snapshot stream for this session (src/cdp/trusted-endpoint.ts sessionUrls). */
  snapshotStreamUrl?: string;
}

interface PendingCall {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

/** One JSON-RPC message from Chrome: a reply (id) or an event (method). */
interface CdpMessage {
  id?: number;
  result?: unknown;
  error?: { code: number; message: string; data?: string };
  method?: string;
  params?: unknown;
}

const OPEN = 1;

/**
 * A CdpConnection over the browser's remote-debugging WebSocket (`ws://127.0.0.1:PORT/devtools/page/<id>`): a
 * **trusted** client with HeapProfiler and Memory (DESIGN.md §2). Every call settles: with its result, its CDP
 * error, its timeout, or the close of the socket, which rejects everything still pending.
 */
export async function connectWebSocket(
  url: string,
  options: WebSocketConnectionOptions = {},
): Promise<CdpConnection> {
  const Impl = options.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
  if (!Impl) throw new Error('No WebSocket implementation: pass options.WebSocketImpl (e.g. ws)');
  const socket = new Impl(url);
  await waitForOpen(socket, url, options.connectTimeoutMs ?? 10_000);

  const pending = new Map<number, PendingCall>();
  const events = createEventRegistry();
  const closeHandlers = new Set<(reason: string) => void>();
  let nextId = 1;
  let closedReason: string | undefined;

  const settle = (id: number): PendingCall | undefined => {
    const call = pending.get(id);
    if (!call) return undefined;
    pending.delete(id);
    if (call.timer !== undefined) clearTimeout(call.timer);
    return call;
  };

  // Hot path: HeapProfiler.addHeapSnapshotChunk messages are ~1 MB strings. Parse each exactly once and hand
  // the chunk string (params.chunk) on untouched — no re-encoding, no copies.
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return; // CDP only sends text frames.
    const message = JSON.parse(event.data) as CdpMessage;
    if (message.id !== undefined) {
      const call = settle(message.id);
      if (!call) return;
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
      else call.resolve(message.result);
      return;
    }
    if (message.method) events.emit(message.method, message.params);
  });

  socket.addEventListener('close', (event) => {
    if (closedReason !== undefined) return;
    closedReason = event.reason || `socket closed (code ${event.code})`;
    for (const id of [...pending.keys()]) {
      const call = settle(id);
      call?.reject(new Error(`${call.method}: connection closed: ${closedReason}`));
    }
    for (const handler of closeHandlers) handler(closedReason);
    closeHandlers.clear();
  });

  return {
    kind: 'trusted-websocket',
    ...(options.snapshotStreamUrl === undefined ? {} : { snapshotStreamUrl: options.snapshotStreamUrl }),
    send<T>(method: string, params?: Record<string, unknown>): Promise<T> {
      if (closedReason !== undefined || socket.readyState !== OPEN) {
        return Promise.reject(new Error(`${method}: connection closed`));
      }
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const call: PendingCall = { method, resolve: resolve as (result: unknown) => void, reject };
        if (options.callTimeoutMs !== undefined) {
          const ms = options.callTimeoutMs;
          call.timer = setTimeout(
            () => settle(id)?.reject(new Error(`${method}: no answer in ${ms} ms`)),
            ms,
          );
        }
        pending.set(id, call);
        socket.send(JSON.stringify(params ? { id, method, params } : { id, method }));
      });
    },
    on: events.on,
    onClose(handler) {
      closeHandlers.add(handler);
      return () => closeHandlers.delete(handler);
    },
    close() {
      if (closedReason !== undefined) return Promise.resolve();
      return new Promise<void>((resolve) => {
        socket.addEventListener('close', () => resolve());
        socket.close(1000, 'closed');
      });
    },
  };
}

function waitForOpen(socket: WebSocketLike, url: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const fail = (why: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`Could not connect to ${url}: ${why}`));
    };
    const timer = setTimeout(() => {
      fail(`no handshake in ${timeoutMs} ms`);
      socket.close();
    }, timeoutMs);
    socket.addEventListener('open', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    });
    // A refused handshake (e.g. a missing --remote-allow-origins) shows up as error + close, with no detail.
    socket.addEventListener('error', () => fail('handshake refused or socket error'));
    socket.addEventListener('close', (event) => fail(`closed (code ${event.code})`));
  });
}
