import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { RELAY_MARKER, SNAPSHOT_STREAM_PATH } from '../cdp/relay-protocol.ts';
import type { RelayBackend } from './relay-backends.ts';
import { startRelaySession } from './relay-session.ts';
import type { RelaySession, StreamedSnapshot } from './relay-session.ts';
import { errorMessage } from '../shared/error-message.ts';

/**
 * The loopback endpoint `leaks browser` gives the panel instead of Chromium's own remote-debugging port.
 *
 * Why: a page's WebSocket always offers permessage-deflate and Chromium's endpoint accepts it, so every snapshot
 * chunk is compressed by the browser and inflated again for the extension; measured on a 117 MB snapshot, 5.7 s
 * from an extension page against 2.9 s over Playwright's pipe. This relay declines compression, and on request
 * (relay-session.ts) streams snapshot bytes over plain HTTP, which the analysis worker reads itself. Behind it
 * (relay-backends.ts) is the CBOR pipe of the Chromium `leaks browser` started, where chunks arrive unescaped
 * and the browser skips turning them into JSON, or the port of a Chrome started by hand (`leaks relay`).
 *
 * Only the extension may use it: the WebSocket and the snapshot stream need its Origin, every request a loopback
 * Host (no DNS rebinding), and only page sessions are relayed (never the browser target).
 */
export interface CdpRelay {
  port: number;
  close(): Promise<void>;
}

export interface CdpRelayOptions {
  /** The browser behind the relay: its pipe (`leaks browser`) or its remote-debugging port (`leaks relay`). */
  chrome: RelayBackend;
  /** `chrome-extension://<id>`: the only Origin served. */
  extensionOrigin: string;
  /** Defaults to a free port. */
  port?: number;
  /** Told when a snapshot stream has been sent whole (e2e/support/measure-capture.ts times it). */
  onSnapshotStreamed?: (streamed: StreamedSnapshot) => void;
  /** How much may wait for a slow panel before Chrome's side pauses (relay-session.ts); tests make it small. */
  pauseAboveBytes?: number;
}

const PAGE_PATH = /^\/devtools\/page\/([A-Za-z0-9._-]{1,128})$/;
const STREAM_TOKEN = /^[A-Za-z0-9-]{16,64}$/;

export async function startCdpRelay(options: CdpRelayOptions): Promise<CdpRelay> {
  const sessions = new Map<string, RelaySession>();
  const live = new Set<RelaySession>();
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  const server = http.createServer((request, response) => {
    void serveHttp(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(errorMessage(error));
    });
  });
  let port = 0;

  const fromExtension = (request: IncomingMessage): boolean =>
    request.headers.origin === options.extensionOrigin && isLoopbackHost(request.headers.host, port);

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://relay');
    if (!isLoopbackHost(request.headers.host, port)) return void refuse(response, 403, 'Host not allowed');
    if (request.method === 'GET' && url.pathname === '/json/version') {
      const version = await options.chrome.version();
      response.writeHead(200, {
        'content-type': 'application/json',
        ...corsFor(request, options.extensionOrigin),
      });
      response.end(
        JSON.stringify({
          Browser: version.Browser,
          'Protocol-Version': version['Protocol-Version'],
          [RELAY_MARKER]: 1,
        }),
      );
      return;
    }
    const token = url.pathname.startsWith(SNAPSHOT_STREAM_PATH)
      ? url.pathname.slice(SNAPSHOT_STREAM_PATH.length)
      : undefined;
    if (request.method === 'GET' && token !== undefined) {
      if (!fromExtension(request)) return void refuse(response, 403, 'Origin not allowed');
      const session = sessions.get(token);
      if (!session) return void refuse(response, 404, 'No session for this stream');
      if (!session.attachStream(response))
        return void refuse(response, 409, 'A snapshot stream is already open');
      // Headers go out now: the worker waits for them before the panel asks Chrome for the snapshot.
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'cache-control': 'no-store',
        ...corsFor(request, options.extensionOrigin),
      });
      response.flushHeaders();
      return;
    }
    refuse(response, 404, 'Not found');
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    const page = PAGE_PATH.exec(url.pathname);
    const token = url.searchParams.get('stream') ?? undefined;
    if (!fromExtension(request)) return rejectUpgrade(socket, 403, 'Forbidden');
    if (!page || (token !== undefined && (!STREAM_TOKEN.test(token) || sessions.has(token)))) {
      return rejectUpgrade(socket, 400, 'Bad Request');
    }
    // Chromium must accept first: the panel then sees a refused handshake exactly as it would without us.
    options.chrome.openPageSession(page[1]!).then(
      (chrome) => {
        if (socket.destroyed) return chrome.close();
        sockets.handleUpgrade(request, socket, head, (panel) => {
          const session = startRelaySession(panel, chrome, {
            onStreamed: options.onSnapshotStreamed,
            pauseAboveBytes: options.pauseAboveBytes,
          });
          live.add(session);
          if (token !== undefined) sessions.set(token, session);
          panel.once('close', () => {
            live.delete(session);
            if (token !== undefined) sessions.delete(token);
          });
        });
      },
      () => rejectUpgrade(socket, 502, 'Bad Gateway'),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    port,
    close: async () => {
      for (const session of live) session.close(1001, 'relay stopped');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Chromium's own endpoint checks Host the same way. */
function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

function corsFor(request: IncomingMessage, extensionOrigin: string): Record<string, string> {
  return request.headers.origin === extensionOrigin ? { 'access-control-allow-origin': extensionOrigin } : {};
}

function refuse(response: ServerResponse, status: number, why: string): void {
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(why);
}

function rejectUpgrade(socket: Duplex, status: number, why: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
