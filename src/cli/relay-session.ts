import type { ServerResponse } from 'node:http';
import type { RawData, WebSocket } from 'ws';

/**
 * One panel ↔ page session through the relay (relay-server.ts). Frames pass through untouched, except while the
 * panel has a snapshot stream open: then the chunks of its HeapProfiler.takeHeapSnapshot go to that HTTP response
 * as plain bytes instead of as 1 MB JSON-escaped WebSocket messages. Measured in an extension page on 2 cores: 119 MB
 * of WebSocket messages took 1.0–1.9 s to receive, the same bytes as a fetch() body 0.33–0.48 s; a 117 MB snapshot
 * through the relay took 4.4–4.9 s as messages and 3.0–3.1 s as a stream (Playwright's pipe: 2.7–3.4 s). The
 * bytes land in the worker with no decode and no copy through the panel's main thread.
 */
export interface RelaySession {
  /** Sends this snapshot's chunks to `response` until Chrome answers takeHeapSnapshot. False when one is open. */
  attachStream(response: ServerResponse): boolean;
  close(code: number, reason: string): void;
}

const CHUNK_EVENT_PREFIX = Buffer.from('{"method":"HeapProfiler.addHeapSnapshotChunk"');
/** Chrome writes replies as `{"id":N,...`; read N without parsing a large result. */
const REPLY_ID = /^\{"id":(\d+)/;
/** Pause Chrome's side when this much is waiting for a slow reader (socket or HTTP). */
const HIGH_WATER_BYTES = 32 * 1024 * 1024;

export function startRelaySession(
  panel: WebSocket,
  chrome: WebSocket,
  onStreamed: (bytes: number) => void = () => undefined,
): RelaySession {
  let stream: ServerResponse | undefined;
  /** The id of the panel's takeHeapSnapshot while Chrome is sending its chunks. */
  let snapshotCallId: number | undefined;
  /** Whether this snapshot's chunks go to a stream (they are dropped if that stream's reader went away). */
  let diverting = false;
  let closed = false;
  let streamedBytes = 0;

  // Chrome's socket stays paused while any reader is behind; each hold is released once.
  let holds = 0;
  const pauseUntil = (drained: (resume: () => void) => void): void => {
    if (holds++ === 0) chrome.pause();
    let released = false;
    drained(() => {
      if (released) return;
      released = true;
      if (--holds === 0) chrome.resume();
    });
  };

  const endStream = (error?: Error): void => {
    const open = stream;
    stream = undefined;
    if (!open) return;
    if (error) open.destroy(error);
    else open.end();
  };

  const toPanel = (data: Buffer): void => {
    panel.send(data, { binary: false });
    if (panel.bufferedAmount > HIGH_WATER_BYTES) {
      pauseUntil((resume) => {
        const poll = setInterval(() => {
          if (closed || panel.bufferedAmount < HIGH_WATER_BYTES / 4) {
            clearInterval(poll);
            resume();
          }
        }, 20);
      });
    }
  };

  chrome.on('message', (raw: RawData) => {
    const data = asBuffer(raw);
    if (diverting && startsWith(data, CHUNK_EVENT_PREFIX)) {
      if (!stream) return; // its reader went away (a cancelled capture): nobody wants the rest
      // Measured: JSON.parse here costs about what a byte-level unescaper written in JS did (1.5 ms per MB).
      const { params } = JSON.parse(data.toString('utf8')) as { params: { chunk: string } };
      const bytes = Buffer.from(params.chunk, 'utf8'); // encoded once: written, and counted
      streamedBytes += bytes.length;
      if (!stream.write(bytes)) {
        const waiting = stream;
        pauseUntil((resume) => {
          const release = (): void => {
            waiting.off('drain', release);
            waiting.off('close', release);
            resume();
          };
          waiting.on('drain', release);
          waiting.on('close', release);
        });
      }
      return;
    }
    if (snapshotCallId !== undefined && replyId(data) === snapshotCallId) {
      // Every chunk comes before this reply (DevTools' own loader relies on it): the stream is complete.
      snapshotCallId = undefined;
      if (diverting && stream) onStreamed(streamedBytes);
      diverting = false;
      streamedBytes = 0;
      endStream();
    }
    toPanel(data);
  });

  panel.on('message', (raw: RawData) => {
    const data = asBuffer(raw);
    const call = parseCall(data);
    if (call?.method === 'HeapProfiler.takeHeapSnapshot') {
      snapshotCallId = call.id;
      diverting = stream !== undefined;
    }
    chrome.send(data, { binary: false });
  });

  const closeBoth = (code: number, reason: string): void => {
    if (closed) return;
    closed = true;
    endStream(new Error(`relay session closed: ${reason}`));
    for (const socket of [panel, chrome]) {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
        socket.close(sendableCode(code), reason.slice(0, 120));
      }
    }
  };
  chrome.on('close', (code, reason) => closeBoth(code, reason.toString() || 'Chrome closed the session'));
  panel.on('close', (code, reason) => closeBoth(code, reason.toString() || 'the panel closed the session'));
  chrome.on('error', (error) => closeBoth(1011, `Chrome: ${error.message}`));
  panel.on('error', (error) => closeBoth(1011, `panel: ${error.message}`));

  return {
    attachStream(response) {
      if (closed || stream) return false;
      stream = response;
      response.once('close', () => {
        if (stream === response) stream = undefined;
      });
      return true;
    },
    close: closeBoth,
  };
}

function asBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  return Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

function replyId(data: Buffer): number | undefined {
  const match = REPLY_ID.exec(data.subarray(0, 24).toString('latin1'));
  return match ? Number(match[1]) : undefined;
}

/** The panel's commands are small; anything that is not a JSON call is passed on for Chrome to reject. */
function parseCall(data: Buffer): { id: number; method: string } | undefined {
  try {
    const message = JSON.parse(data.toString('utf8')) as { id?: unknown; method?: unknown };
    return typeof message.id === 'number' && typeof message.method === 'string'
      ? { id: message.id, method: message.method }
      : undefined;
  } catch {
    return undefined;
  }
}

/** 1005/1006/1015 describe a close but may not be sent in one (RFC 6455 §7.4.1). */
function sendableCode(code: number): number {
  return code === 1005 || code === 1006 || code === 1015 || code < 1000 || code >= 5000 ? 1011 : code;
}
