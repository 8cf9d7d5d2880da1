/**
 * Chromium and the relay in a process of their own, as `leaks browser` runs them: the process holds Chromium's
 * CBOR pipe and serves the panel, and nothing else (no Playwright) shares its heap or its CPU. For the capture
 * measurement, where the relay's garbage collection in a process that also runs Playwright took 1.3 s of CPU for
 * two 200 MB snapshots (its heap is several times larger there).
 *   node bin/run-ts.js e2e/support/relay-host.ts '<RelayHostConfig as JSON>'
 * Prints one JSON line when ready ({ relayPort, browserPid }), one per streamed snapshot ({ streamed, at }), and
 * stops Chromium when its stdin closes.
 */
import type { ChromePipe } from '../../src/cli/chrome-pipe.ts';
import { writeEndpointFile } from '../../src/cli/launch-extension.ts';
import { waitForDebuggingPort } from '../../src/cli/launch-port.ts';
import { pipeBackend } from '../../src/cli/relay-backends.ts';
import { startCdpRelay } from '../../src/cli/relay-server.ts';
import { EXTENSION_ORIGIN } from '../../src/shared/extension-id.ts';
import { spawnPipedChromium } from '../../test/support/piped-chromium.ts';

/** As launchPipedChromium takes them: `args` beside the flags every launch here has. */
export interface RelayHostConfig {
  args: string[];
  profileDir: string;
  port: number;
  extensionDir: string;
}

export type RelayHostMessage = { relayPort: number; browserPid: number } | { streamed: number; at: number };

const config = JSON.parse(process.argv[2] ?? '') as RelayHostConfig;
const say = (message: RelayHostMessage): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
let pipeReady: (pipe: ChromePipe) => void = () => undefined;
const relay = await startCdpRelay({
  chrome: pipeBackend(new Promise((resolve) => (pipeReady = resolve))),
  extensionOrigin: EXTENSION_ORIGIN,
  onSnapshotStreamed: (bytes) => say({ streamed: bytes, at: Date.now() }),
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
process.stdin.resume();
void chrome.exited.then(() => stop());
await waitForDebuggingPort(config.port, { exited: chrome.exited, timeoutMs: 30_000 });
say({ relayPort: relay.port, browserPid: chrome.child.pid ?? 0 });
