import type { Readable, Writable } from 'node:stream';
import {
  decodeCdpMessage,
  decodeSpan,
  encodeCdpMessage,
  envelopeSize,
  ENVELOPE_HEADER_BYTES,
  messageFields,
  type ValueSpan,
} from './cdp-cbor.ts';
import { errorMessage } from '../shared/error-message.ts';

/**
 * The browser's own end of `--remote-debugging-pipe=cbor`: Chromium reads commands from its fd 3 and writes
 * replies and events to its fd 4, each one CBOR message (cdp-cbor.ts). The pipe is the browser target; pages are
 * reached through flat sessions (Target.attachToTarget with flatten), whose messages carry a `sessionId`.
 * Only the process that started Chromium holds these fds: no port, no Origin to check, nothing else can connect.
 */
export interface PipeMessage {
  readonly bytes: Buffer;
  /** Its top-level fields, values not decoded (messageFields). */
  readonly fields: Map<string, ValueSpan>;
  /**
   * Gives `bytes`' storage back for a later message, once nothing reads it any more (a relayed snapshot chunk:
   * when its write has completed). Optional; a message never released is simply collected.
   */
  release(): void;
}

export interface ChromePipe {
  /** A browser-level command; resolves with its result, rejects with its error. */
  call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** A message already encoded, e.g. a relayed command with its sessionId. */
  write(message: Buffer): void;
  /** Hands every message of one flat session to `handler`; returns the unsubscribe function. */
  route(sessionId: string, handler: (message: PipeMessage) => void): () => void;
  /** Browser-level events (no sessionId). */
  onEvent(handler: (method: string, params: Record<string, unknown>) => void): () => void;
  /** Stops reading until every pause has its resume: Chromium's writes then wait in its own queue. */
  pause(): void;
  resume(): void;
  /** Resolves with the reason once the pipe is gone (Chromium exited or closed it). */
  readonly closed: Promise<string>;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export function openChromePipe(toChrome: Writable, fromChrome: Readable): ChromePipe {
  const pending = new Map<number, Pending>();
  const sessions = new Map<string, (message: PipeMessage) => void>();
  const eventHandlers = new Set<(method: string, params: Record<string, unknown>) => void>();
  let nextId = 1;
  let pauses = 0;
  let closedReason: string | undefined;
  let markClosed: (reason: string) => void = () => undefined;
  const closed = new Promise<string>((resolve) => (markClosed = resolve));

  const close = (reason: string): void => {
    if (closedReason !== undefined) return;
    closedReason = reason;
    for (const call of pending.values()) call.reject(new Error(`Chromium's pipe closed: ${reason}`));
    pending.clear();
    markClosed(reason);
  };

  const dispatch = (bytes: Buffer, release: () => void): void => {
    const fields = messageFields(bytes);
    const session = fields.get('sessionId');
    if (session) {
      sessions.get(decodeSpan(bytes, session) as string)?.({ bytes, fields, release });
      return; // a session nobody relays any more (detached while its last messages were on the way)
    }
    const id = fields.get('id');
    if (id) {
      const message = decodeCdpMessage(bytes) as {
        id: number;
        result?: unknown;
        error?: { message?: string };
      };
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call?.reject(new Error(message.error.message ?? JSON.stringify(message.error)));
      else call?.resolve(message.result);
      return;
    }
    const event = decodeCdpMessage(bytes) as { method: string; params?: Record<string, unknown> };
    for (const handler of eventHandlers) handler(event.method, event.params ?? {});
  };

  const framer = createFramer((message, release) => {
    try {
      dispatch(message, release);
    } catch (error) {
      close(`unreadable message from Chromium: ${errorMessage(error)}`);
      fromChrome.destroy();
    }
  });
  fromChrome.on('data', (data: Buffer) => {
    try {
      framer(data);
    } catch (error) {
      close(`unreadable pipe from Chromium: ${errorMessage(error)}`);
      fromChrome.destroy();
    }
  });
  fromChrome.once('end', () => close('Chromium closed the pipe'));
  fromChrome.once('close', () => close('Chromium closed the pipe'));
  fromChrome.once('error', (error) => close(error.message));
  // Writing into a pipe whose reader exited raises EPIPE here; the read side reports the close.
  toChrome.on('error', (error) => close(error.message));

  return {
    call: <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        if (closedReason !== undefined) return reject(new Error(`Chromium's pipe closed: ${closedReason}`));
        const id = nextId++;
        pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
        toChrome.write(encodeCdpMessage({ id, method, params }));
      }),
    write: (message) => {
      if (closedReason === undefined) toChrome.write(message);
    },
    route: (sessionId, handler) => {
      sessions.set(sessionId, handler);
      return () => {
        if (sessions.get(sessionId) === handler) sessions.delete(sessionId);
      };
    },
    onEvent: (handler) => {
      eventHandlers.add(handler);
      return () => eventHandlers.delete(handler);
    },
    pause: () => {
      if (pauses++ === 0) fromChrome.pause();
    },
    resume: () => {
      if (pauses > 0 && --pauses === 0) fromChrome.resume();
    },
    closed,
  };
}

/** Spare message buffers kept for reuse: a few snapshot chunks in flight to the panel's stream. */
const SPARE_BUFFERS = 4;

/**
 * Cuts the byte stream into messages by their envelope lengths. A message inside one read is handed on as a view
 * of it (no copy); one that spans reads (every 1 MB snapshot chunk: Chromium writes 64 KiB at a time) is copied
 * once into a buffer of its final size. Such a buffer comes back through `release` and serves a later message, so
 * a snapshot does not allocate a fresh megabyte per chunk for the garbage collector to reclaim.
 */
export function createFramer(
  onMessage: (message: Buffer, release: () => void) => void,
): (data: Buffer) => void {
  const header = Buffer.alloc(ENVELOPE_HEADER_BYTES);
  const spare: ArrayBuffer[] = [];
  let headerFill = 0;
  let message: Buffer | undefined;
  let messageFill = 0;
  const keepNothing = (): void => undefined;
  const storageFor = (size: number): Buffer => {
    const fits = spare.findIndex((storage) => storage.byteLength >= size);
    if (fits >= 0) return Buffer.from(spare.splice(fits, 1)[0]!, 0, size);
    // Room for a slightly longer message next time (chunk events differ by a few bytes).
    return Buffer.from(new ArrayBuffer(size + (size >> 6)), 0, size);
  };
  const releaserOf = (storage: ArrayBuffer): (() => void) => {
    let given = false;
    return () => {
      if (given) return;
      given = true;
      if (spare.length < SPARE_BUFFERS) spare.push(storage);
    };
  };
  return (data) => {
    let offset = 0;
    while (offset < data.length) {
      if (message) {
        const take = Math.min(message.length - messageFill, data.length - offset);
        data.copy(message, messageFill, offset, offset + take);
        messageFill += take;
        offset += take;
        if (messageFill === message.length) {
          const whole = message;
          message = undefined;
          onMessage(whole, releaserOf(whole.buffer as ArrayBuffer));
        }
        continue;
      }
      if (headerFill === 0) {
        const size = envelopeSize(data, offset);
        if (size !== undefined && data.length - offset >= size) {
          onMessage(data.subarray(offset, offset + size), keepNothing);
          offset += size;
          continue;
        }
      }
      const take = Math.min(ENVELOPE_HEADER_BYTES - headerFill, data.length - offset);
      data.copy(header, headerFill, offset, offset + take);
      headerFill += take;
      offset += take;
      if (headerFill < ENVELOPE_HEADER_BYTES) continue;
      headerFill = 0;
      message = storageFor(envelopeSize(header)!);
      header.copy(message);
      messageFill = ENVELOPE_HEADER_BYTES;
    }
  };
}
