import type { RawData, WebSocket } from 'ws';
import { decodeCdpMessage, decodeSpan, encodeCdpMessage, messageFields, utf8BytesOf } from './cdp-cbor.ts';
import type { ChromePipe, PipeMessage } from './chrome-pipe.ts';

/** A command as the panel sent it, parsed. */
export type PanelCommand = Record<string, unknown> & { id?: unknown; method?: unknown };

/**
 * Chrome's end of one relayed page session (relay-session.ts), whatever carries it: a flat session on the
 * `--remote-debugging-pipe=cbor` of a Chromium that `leaks browser` started, or Chromium's own WebSocket endpoint
 * for a Chrome someone started by hand (`leaks relay`). The panel's side is always JSON over a WebSocket.
 */
export interface ChromeSession {
  /** A command from the panel: the JSON text it sent, and that text parsed (undefined when it is not JSON). */
  send(text: Buffer, command: PanelCommand | undefined): void;
  onMessage(handler: (message: ChromeMessage) => void): void;
  /** Once, when Chrome ends the session (the page closed, the browser exited). */
  onClose(handler: (code: number, reason: string) => void): void;
  /** Stops reading Chrome's messages until resumed (a slow reader downstream); counted, one resume a pause. */
  pause(): void;
  resume(): void;
  close(): void;
}

export interface ChromeMessage {
  /** The id of the command this answers; undefined for events. */
  readonly replyId: number | undefined;
  /** The snapshot JSON bytes of a HeapProfiler.addHeapSnapshotChunk event; undefined for any other message. */
  snapshotChunk(): Buffer | undefined;
  /** The message as the panel reads it. */
  json(): Buffer | string;
  /** Lets the transport reuse the message's storage: call once neither it nor its snapshotChunk() is read again. */
  release(): void;
}

const CHUNK_EVENT = 'HeapProfiler.addHeapSnapshotChunk';
const CHUNK_EVENT_PREFIX = Buffer.from(`{"method":"${CHUNK_EVENT}"`);
/** Chrome writes replies as `{"id":N,...`; read N without parsing a large result. */
const REPLY_ID = /^\{"id":(\d+)/;

/** A flat session on the CBOR pipe: the panel's JSON gets our sessionId and goes out as CBOR, and back. */
export async function attachPipeSession(pipe: ChromePipe, targetId: string): Promise<ChromeSession> {
  const { sessionId } = await pipe.call<{ sessionId: string }>('Target.attachToTarget', {
    targetId,
    flatten: true,
  });
  // Kept until the relay listens: nothing should come before the panel's first command, but nothing is lost.
  const early: ChromeMessage[] = [];
  let onMessage: (message: ChromeMessage) => void = (message) => void early.push(message);
  let onClose: (code: number, reason: string) => void = () => undefined;
  let ended = false;
  const end = (code: number, reason: string): void => {
    if (ended) return;
    ended = true;
    stopRouting();
    stopEvents();
    onClose(code, reason);
  };
  const stopRouting = pipe.route(sessionId, (message) => onMessage(pipeMessage(message)));
  const stopEvents = pipe.onEvent((method, params) => {
    if (method === 'Target.detachedFromTarget' && params.sessionId === sessionId)
      end(1001, 'the page went away');
  });
  void pipe.closed.then((reason) => end(1001, reason));
  const detach = (code: number, reason: string): void => {
    if (ended) return;
    end(code, reason);
    pipe.call('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  };
  return {
    send(_text, command) {
      // Nothing to encode: the session ends, as for any other protocol error on a WebSocket (1007).
      if (!command) return detach(1007, 'a command that is not a JSON object');
      // The session is ours to name: a sessionId the panel wrote would reach another session.
      pipe.write(encodeCdpMessage({ ...command, sessionId }));
    },
    onMessage(handler) {
      onMessage = handler;
      for (const message of early.splice(0)) handler(message);
    },
    onClose: (handler) => void (onClose = handler),
    pause: () => pipe.pause(),
    resume: () => pipe.resume(),
    close: () => detach(1000, 'closed'),
  };
}

function pipeMessage({ bytes, fields, release }: PipeMessage): ChromeMessage {
  const id = fields.get('id');
  return {
    release,
    replyId: id ? (decodeSpan(bytes, id) as number) : undefined,
    snapshotChunk() {
      const method = fields.get('method');
      const params = fields.get('params');
      // A 33-character string is its 2-byte head and its bytes: most messages are told apart by length alone.
      if (!method || !params || method.end - method.start !== CHUNK_EVENT.length + 2) return undefined;
      if (decodeSpan(bytes, method) !== CHUNK_EVENT) return undefined;
      const chunk = messageFields(bytes, params.start, params.end).get('chunk');
      return chunk ? utf8BytesOf(bytes, chunk) : undefined;
    },
    json() {
      const { sessionId, ...message } = decodeCdpMessage(bytes) as Record<string, unknown>;
      void sessionId; // the panel's page session has no session ids of its own
      return JSON.stringify(message);
    },
  };
}

/** Chromium's WebSocket endpoint: JSON both ways, so commands and most messages pass through untouched. */
export function socketSession(chrome: WebSocket): ChromeSession {
  let pauses = 0;
  return {
    send: (text) => chrome.send(text, { binary: false }),
    onMessage(handler) {
      chrome.on('message', (raw: RawData) => handler(socketMessage(asBuffer(raw))));
    },
    onClose(handler) {
      chrome.on('close', (code, reason) => handler(code, reason.toString() || 'Chrome closed the session'));
      chrome.on('error', (error) => handler(1011, `Chrome: ${error.message}`));
    },
    pause: () => {
      if (pauses++ === 0) chrome.pause();
    },
    resume: () => {
      if (pauses > 0 && --pauses === 0) chrome.resume();
    },
    close() {
      if (chrome.readyState === chrome.OPEN || chrome.readyState === chrome.CONNECTING) chrome.close(1000);
    },
  };
}

function socketMessage(data: Buffer): ChromeMessage {
  return {
    get replyId() {
      const match = REPLY_ID.exec(data.subarray(0, 24).toString('latin1'));
      return match ? Number(match[1]) : undefined;
    },
    snapshotChunk() {
      if (!startsWith(data, CHUNK_EVENT_PREFIX)) return undefined;
      // Measured: JSON.parse here costs about what a byte-level unescaper written in JS did (1.5 ms per MB).
      const { params } = JSON.parse(data.toString('utf8')) as { params: { chunk: string } };
      return Buffer.from(params.chunk, 'utf8');
    },
    json: () => data,
    release: () => undefined, // ws owns its buffers
  };
}

export function asBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  return Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}
