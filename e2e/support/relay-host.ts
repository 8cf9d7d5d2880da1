/**
 * Chromium and the relay in a process of their own, as `leaks browser` runs them: the process holds Chromium's
 * CBOR pipe and serves the panel, and nothing else (no Playwright) shares its heap or its CPU. For the capture
 * measurement, where the relay's garbage collection in a process that also runs Playwright took 1.3 s of CPU for
 * two 200 MB snapshots (its heap is several times larger there).
 *   node bin/run-ts.js e2e/support/relay-host.ts '<RelayHostConfig as JSON>'
 * Prints one JSON line when ready ({ relayPort, browserPid }), one per streamed snapshot ({ streamed }), and
 * stops Chromium when its stdin closes. A line `{ "pipeSnapshot": url }` on stdin takes a snapshot of that page over
 * Chromium's own pipe, with no panel, and answers with its PipeSnapshot (or `{ pipeError }`).
 */
import type { ChromePipe } from '../../src/cli/chrome-pipe.ts';
import { createInterface } from 'node:readline';
import { attachPipeSession, type ChromeSession } from '../../src/cli/chrome-session.ts';
import { writeEndpointFile } from '../../src/cli/launch-extension.ts';
import { waitForDebuggingPort } from '../../src/cli/launch-port.ts';
import { pipeBackend } from '../../src/cli/relay-backends.ts';
import { startCdpRelay } from '../../src/cli/relay-server.ts';
import type { StreamedSnapshot } from '../../src/cli/relay-session.ts';
import { EXTENSION_ORIGIN } from '../../src/shared/extension-id.ts';
import { errorMessage } from '../../src/shared/error-message.ts';
import { spawnPipedChromium } from '../../test/support/piped-chromium.ts';

/** As launchPipedChromium takes them: `args` beside the flags every launch here has. */
export interface RelayHostConfig {
  args: string[];
  profileDir: string;
  port: number;
  extensionDir: string;
}

/** A snapshot over Chromium's pipe, timed from the first collectGarbage (ms). */
export interface PipeSnapshot {
  /** To the last chunk: the figure the panel is given against. */
  pipeMs: number;
  pipeBytes: number;
  /** To the first chunk: the garbage collections and the heap walk before it. */
  firstChunkMs: number;
  /** To Chrome's answer to takeHeapSnapshot, which comes a while after the last chunk. */
  answerMs: number;
}

/** A stream the relay sent whole, and when it ended it (Date.now(): at Chrome's answer). */
export type EndedStream = StreamedSnapshot & { endedAt: number };

export type RelayHostMessage =
  | { relayPort: number; browserPid: number }
  | { streamed: EndedStream }
  | PipeSnapshot
  | { pipeError: string };

const config = JSON.parse(process.argv[2] ?? '') as RelayHostConfig;
const say = (message: RelayHostMessage): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
let pipeReady: (pipe: ChromePipe) => void = () => undefined;
const relay = await startCdpRelay({
  chrome: pipeBackend(new Promise((resolve) => (pipeReady = resolve))),
  extensionOrigin: EXTENSION_ORIGIN,
  onSnapshotStreamed: (streamed) => say({ streamed: { ...streamed, endedAt: Date.now() } }),
});
writeEndpointFile(config.extensionDir, relay.port);
const { process: chrome, pipe } = spawnPipedChromium(config);
pipeReady(pipe);
const stop = async (): Promise<never> => {
  await chrome.stop(5000);
  await relay.close();
  process.exit(0);
};
process.stdin.on('end', () => void stop());
const pipeSnapshot = pipeSnapshotter(pipe);
createInterface({ input: process.stdin }).on('line', (line) => {
  const { pipeSnapshot: url } = JSON.parse(line) as { pipeSnapshot: string };
  pipeSnapshot(url).then(say, (error: unknown) => say({ pipeError: errorMessage(error) }));
});
void chrome.exited.then(() => stop());
await waitForDebuggingPort(config.port, { exited: chrome.exited, timeoutMs: 30_000 });
say({ relayPort: relay.port, browserPid: chrome.child.pid ?? 0 });

/**
 * Chromium's own pipe on the same page as the panel's capture, in the same browser, so the panel's time can be set
 * against it without a second browser whose page heap differs by launch. The timing is the panel's own: from the
 * first of 3 × collectGarbage to the last chunk, with progress events (src/capture/heap-snapshot.ts). One session
 * per page, never detached: detaching disables its HeapProfiler, which resets V8's heap object ids, and the
 * panel's checkpoints compare by them.
 */
function pipeSnapshotter(chromePipe: ChromePipe): (url: string) => Promise<PipeSnapshot> {
  const sessions = new Map<string, Promise<ChromeSession>>();
  const replies = new Map<number, () => void>();
  let nextId = 1;
  let pipeBytes = 0;
  let firstChunkAt = 0;
  let lastChunkAt = 0;
  const open = async (url: string): Promise<ChromeSession> => {
    const { targetInfos } = await chromePipe.call<{
      targetInfos: { targetId: string; type: string; url: string }[];
    }>('Target.getTargets');
    const target = targetInfos.find((info) => info.type === 'page' && info.url === url);
    if (!target) throw new Error(`no page target for ${url}`);
    const session = await attachPipeSession(chromePipe, target.targetId);
    session.onMessage((message) => {
      const chunk = message.snapshotChunk();
      if (chunk) {
        if (pipeBytes === 0) firstChunkAt = performance.now();
        pipeBytes += chunk.length;
        lastChunkAt = performance.now();
      } else if (message.replyId !== undefined) replies.get(message.replyId)?.();
      message.release();
    });
    return session;
  };
  return async (url): Promise<PipeSnapshot> => {
    if (!sessions.has(url)) sessions.set(url, open(url));
    const session = await sessions.get(url)!;
    const send = (method: string, params: Record<string, unknown> = {}) =>
      new Promise<void>((resolve) => {
        const id = nextId++;
        replies.set(id, () => {
          replies.delete(id);
          resolve();
        });
        session.send(Buffer.alloc(0), { id, method, params });
      });
    await send('HeapProfiler.enable');
    pipeBytes = 0;
    const started = performance.now();
    for (let i = 0; i < 3; i++) await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.takeHeapSnapshot', { reportProgress: true });
    return {
      pipeMs: lastChunkAt - started,
      pipeBytes,
      firstChunkMs: firstChunkAt - started,
      answerMs: performance.now() - started,
    };
  };
}
