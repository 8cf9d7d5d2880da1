import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTENSION_ORIGIN } from '../shared/extension-id.ts';
import { chromeFlags, findChrome, spawnChrome } from './launch-chrome.ts';
import type { ChromeProcess } from './launch-chrome.ts';
import { serveFolder } from './launch-demo-server.ts';
import type { StaticServer } from './launch-demo-server.ts';
import { buildExtension, isBuildStale, removeEndpointFile, writeEndpointFile } from './launch-extension.ts';
import type { LaunchOptions } from './launch-options.ts';
import { findFreePort, waitForDebuggingPort } from './launch-port.ts';
import { selectDevToolsPanel } from './launch-devtools-tab.ts';
import { createProfile, panelTabId, removeProfile } from './launch-profile.ts';
import { openChromePipe, type ChromePipe } from './chrome-pipe.ts';
import { pipeBackend } from './relay-backends.ts';
import { startCdpRelay } from './relay-server.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LaunchEnvironment {
  repoRoot: string;
  /** The unpacked extension to load; dist/ of the repo unless a test brings its own. */
  extensionDir: string;
  extensionOrigin: string;
  /** Hide Chromium's stderr. */
  quiet: boolean;
}

export interface LeaksBrowser {
  executable: string;
  browserVersion: string;
  /** Chromium's remote-debugging port (any local process may drive the browser through it). */
  port: number;
  /** The relay the panel uses (src/cli/relay-server.ts); its port is the one in the endpoint file. */
  relayPort: number;
  url: string;
  profileDir: string;
  endpointFile: string;
  chrome: ChromeProcess;
  /** Whether the Leaks tab was brought to the front of DevTools. */
  panelSelected: boolean;
  /** Stops Chromium, the relay and the demo server, removes the profile and the endpoint file. Safe to call twice. */
  stop(): Promise<number>;
}

export function defaultEnvironment(): LaunchEnvironment {
  return {
    repoRoot: REPO_ROOT,
    extensionDir: path.join(REPO_ROOT, 'dist'),
    extensionOrigin: EXTENSION_ORIGIN,
    quiet: true,
  };
}

export async function startLeaksBrowser(
  options: LaunchOptions,
  env = defaultEnvironment(),
): Promise<LeaksBrowser> {
  if (options.build && isBuildStale(env.repoRoot, env.extensionDir)) {
    console.log('Building the extension (dist/ is missing or older than the sources)…');
    await buildExtension(env.repoRoot);
  }
  const executable = findChrome();
  const port = options.port ?? (await findFreePort());
  const cleanups: (() => Promise<void> | void)[] = [];
  const runCleanups = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    // Up before Chromium: the panel may look for it as soon as DevTools opens. It talks to Chromium's pipe.
    let pipeReady: (pipe: ChromePipe) => void = () => undefined;
    const pipe = new Promise<ChromePipe>((resolve) => (pipeReady = resolve));
    const relay = await startCdpRelay({ chrome: pipeBackend(pipe), extensionOrigin: env.extensionOrigin });
    cleanups.push(() => relay.close());
    const endpointFile = writeEndpointFile(env.extensionDir, relay.port);
    cleanups.push(() => removeEndpointFile(endpointFile));
    const profileDir = createProfile(env.extensionOrigin);
    cleanups.push(() => removeProfile(profileDir));
    let demo: StaticServer | undefined;
    if (options.demo) {
      demo = await serveFolder(path.join(env.repoRoot, 'e2e', 'fixtures', 'demo-app'));
      cleanups.push(() => demo?.close());
    }
    const url = demo?.url ?? options.url ?? 'about:blank';
    const flags = chromeFlags({
      extensionDir: env.extensionDir,
      port,
      profileDir,
      headless: options.headless,
      url,
      runningAsRoot: process.getuid?.() === 0,
    });
    const chrome = spawnChrome(executable, flags, { quiet: env.quiet });
    cleanups.push(async () => void (await chrome.stop()));
    pipeReady(openChromePipe(chrome.pipe.toChrome, chrome.pipe.fromChrome));
    const version = await waitForDebuggingPort(port, { exited: chrome.exited });
    const panelSelected = await selectDevToolsPanel(port, panelTabId(env.extensionOrigin), {
      timeoutMs: 10_000,
    });
    let stopped: Promise<number> | undefined;
    return {
      executable,
      browserVersion: version.Browser,
      port,
      relayPort: relay.port,
      url,
      profileDir,
      endpointFile,
      chrome,
      panelSelected,
      stop: () =>
        (stopped ??= (async () => {
          const code = await chrome.stop();
          await runCleanups();
          return code;
        })()),
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
