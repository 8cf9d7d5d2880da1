import type { ServerResponse } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { asBuffer, type ChromeSession, type PanelCommand } from './chrome-session.ts';

/**
 * One panel ↔ page session through the relay (relay-server.ts), whatever carries Chrome's side (chrome-session.ts).
 * Messages pass through, except while the panel has a snapshot stream open: then the chunks of its
 * HeapProfiler.takeHeapSnapshot go to that HTTP response as plain bytes instead of as 1 MB JSON-escaped WebSocket
 * messages. Measured in an extension page on 2 cores: 119 MB of WebSocket messages took 1.0–1.9 s to receive, the
 * same bytes as a fetch() body 0.33–0.48 s; a 117 MB snapshot through the relay took 4.4–4.9 s as messages and
 * 3.0–3.1 s as a stream (Playwright's pipe: 2.7–3.4 s). The bytes land in the worker with no decode and no copy
 * through the panel's main thread.
 */
export interface RelaySession {
  /** Sends this snapshot's chunks to `response` until Chrome answers takeHeapSnapshot. False when one is open. */
  attachStream(response: ServerResponse): boolean;
  close(code: number, reason: string): void;
}

/** Pause Chrome's side when this much is waiting for a slow reader (socket or HTTP). */
const DEFAULT_PAUSE_ABOVE_BYTES = 32 * 1024 * 1024;

/** A snapshot stream sent whole: its bytes, and when its first and its last chunk came from Chrome (Date.now()). */
export interface StreamedSnapshot {
  bytes: number;
  firstChunkAt: number;
  lastChunkAt: number;
}

export interface RelaySessionOptions {
  /** Told when a snapshot stream has been sent whole. */
  onStreamed?: (streamed: StreamedSnapshot) => void;
  /** Chrome's side pauses while more than this waits for the panel's socket or stream. */
  pauseAboveBytes?: number;
}

export function startRelaySession(
  panel: WebSocket,
  chrome: ChromeSession,
  { onStreamed = () => undefined, pauseAboveBytes = DEFAULT_PAUSE_ABOVE_BYTES }: RelaySessionOptions = {},
): RelaySession {
  let stream: ServerResponse | undefined;
  /** The id of the panel's takeHeapSnapshot while Chrome is sending its chunks. */
  let snapshotCallId: number | undefined;
  /** Whether this snapshot's chunks go to a stream (they are dropped if that stream's reader went away). */
  let diverting = false;
  let closed = false;
  let streamedBytes = 0;
  let firstChunkAt = 0;
  let lastChunkAt = 0;

  // Chrome's side stays paused while any reader is behind; each hold is released once, at the latest when its
  // stream or this session closes (on the pipe a hold left behind would stop every session).
  const pauseUntil = (drained: (resume: () => void) => void): void => {
    chrome.pause();
    let released = false;
    drained(() => {
      if (released) return;
      released = true;
      chrome.resume();
    });
  };

  const endStream = (error?: Error): void => {
    const open = stream;
    stream = undefined;
    if (!open) return;
    if (error) open.destroy(error);
    else open.end();
  };

  const toPanel = (data: Buffer | string): void => {
    panel.send(data, { binary: false });
    if (panel.bufferedAmount > pauseAboveBytes) {
      pauseUntil((resume) => {
        const poll = setInterval(() => {
          if (closed || panel.bufferedAmount < pauseAboveBytes / 4) {
            clearInterval(poll);
            resume();
          }
        }, 20);
      });
    }
  };

  chrome.onMessage((message) => {
    if (diverting) {
      const bytes = message.snapshotChunk();
      if (bytes) {
        if (!stream) return message.release(); // its reader went away (a cancelled capture): nobody wants the rest
        lastChunkAt = Date.now();
        if (streamedBytes === 0) firstChunkAt = lastChunkAt;
        streamedBytes += bytes.length;
        // Written, the chunk's storage serves a later message (createFramer). Chrome's side pauses only when
        // much is waiting, as for the socket: pausing whenever write() passes the response's 16 KB highWaterMark
        // paused and resumed it at every 1 MB chunk (190 times for a 200 MB snapshot, 0.15–0.9 s paused in all),
        // reading Chromium's pipe in lockstep with the panel's reads.
        stream.write(bytes, () => message.release());
        if (stream.writableLength > pauseAboveBytes) {
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
    }
    if (snapshotCallId !== undefined && message.replyId === snapshotCallId) {
      // Every chunk comes before this reply (DevTools' own loader relies on it): the stream is complete.
      snapshotCallId = undefined;
      if (diverting && stream) onStreamed({ bytes: streamedBytes, firstChunkAt, lastChunkAt });
      diverting = false;
      streamedBytes = 0;
      endStream();
    }
    toPanel(message.json());
  });

  panel.on('message', (raw: RawData) => {
    const data = asBuffer(raw);
    const call = parseCall(data);
    if (call?.method === 'HeapProfiler.takeHeapSnapshot' && typeof call.id === 'number') {
      snapshotCallId = call.id;
      diverting = stream !== undefined;
    }
    chrome.send(data, call);
  });

  const closeBoth = (code: number, reason: string): void => {
    if (closed) return;
    closed = true;
    endStream(new Error(`relay session closed: ${reason}`));
    chrome.close();
    if (panel.readyState === panel.OPEN || panel.readyState === panel.CONNECTING) {
      panel.close(sendableCode(code), reason.slice(0, 120));
    }
  };
  chrome.onClose(closeBoth);
  panel.on('close', (code, reason) => closeBoth(code, reason.toString() || 'the panel closed the session'));
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

/** The panel's commands are small; one that is not a JSON object is left for Chrome's side to refuse. */
function parseCall(data: Buffer): PanelCommand | undefined {
  try {
    const message = JSON.parse(data.toString('utf8')) as unknown;
    return typeof message === 'object' && message !== null && !Array.isArray(message)
      ? (message as PanelCommand)
      : undefined;
  } catch {
    return undefined;
  }
}

/** 1005/1006/1015 describe a close but may not be sent in one (RFC 6455 §7.4.1). */
function sendableCode(code: number): number {
  return code === 1005 || code === 1006 || code === 1015 || code < 1000 || code >= 5000 ? 1011 : code;
}
