import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { writeEndpointFile } from '../../src/cli/launch-extension.ts';
import { findFreePort } from '../../src/cli/launch-port.ts';
import type { ChromePipe } from '../../src/cli/chrome-pipe.ts';
import { pipeBackend } from '../../src/cli/relay-backends.ts';
import { startCdpRelay, type CdpRelay } from '../../src/cli/relay-server.ts';
import { EXTENSION_ORIGIN } from '../../src/shared/extension-id.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../test/support/chromium.ts';
import { launchPipedChromium } from '../../test/support/piped-chromium.ts';
import type { EndedStream, PipeSnapshot, RelayHostConfig, RelayHostMessage } from './relay-host.ts';

const RUN_TS = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/run-ts.js');
const RELAY_HOST = resolve(dirname(fileURLToPath(import.meta.url)), 'relay-host.ts');

export const DIST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The browser-level CDP session the DevTools window is driven through. */
  browserSession: CDPSession;
  /** The tab DevTools opened for (with --auto-open-devtools-for-tabs every tab has one). */
  page: Page;
  /** Chromium's remote-debugging port, or undefined when launched without the trusted connection. */
  debuggingPort: number | undefined;
  /** The browser process, when we started it ourselves (trusted). */
  browserPid: number | undefined;
  /** The relay's own process (LaunchExtensionOptions.relayInOwnProcess), else undefined: the relay runs here. */
  relayPid: number | undefined;
  /** The port the panel finds in the endpoint file: `leaks browser`'s relay, or Chromium's own with `direct`. */
  endpointPort: number | undefined;
  /** Where <a download> saves files (Browser.setDownloadBehavior). */
  downloadDir: string;
  /**
   * With `relayInOwnProcess`: a snapshot of the page at `url` over Chromium's own pipe, in this browser, with no
   * panel (relay-host.ts); its time and size. Undefined otherwise.
   */
  pipeSnapshot: ((url: string) => Promise<PipeSnapshot>) | undefined;
  close(): Promise<void>;
}

export interface LaunchExtensionOptions {
  trusted: boolean;
  /**
   * The panel talks to Chromium's endpoint itself (--remote-allow-origins for our origin), as for a user who
   * started Chrome with --remote-debugging-port=9222; by default it goes through the relay, as `leaks browser` sets up.
   */
  direct?: boolean;
  /** More Chromium flags (the capture measurement raises V8's heap limit). */
  extraArgs?: string[];
  /** Passed to the relay, with `endedAt`: when the relay wrote the last byte (Date.now()). */
  onSnapshotStreamed?: (streamed: EndedStream) => void;
  /**
   * Chromium and the relay in a child process of their own (relay-host.ts), as `leaks browser` runs them, instead
   * of in this one beside Playwright. For measurements: here the relay's garbage collection pays for Playwright's
   * heap.
   */
  relayInOwnProcess?: boolean;
}

/**
 * Chromium with the built extension (dist/) and DevTools opened for every tab, docked at the bottom so the Leaks
 * tab header is drawn (docked right, it would hide in the » overflow menu, which CDP cannot click).
 * `trusted: true` starts it as `leaks browser` does: the relay on Chromium's CBOR pipe, Playwright on its
 * remote-debugging port. `trusted: false` opens no port, so the panel falls back to quick mode; Playwright then
 * drives the browser over its own pipe.
 */
export async function launchExtensionBrowser(options: LaunchExtensionOptions): Promise<ExtensionBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'leaks-e2e-'));
  const downloadDir = join(profileDir, 'downloads');
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  mkdirSync(downloadDir);
  writeFileSync(
    join(profileDir, 'Default', 'Preferences'),
    JSON.stringify({ devtools: { preferences: { currentDockState: '"bottom"' } } }),
  );
  // A copy of dist/ per browser, so the port file (what `leaks browser` writes for the panel to find the
  // trusted endpoint) never leaks into the build or into another spec.
  const extensionDir = join(profileDir, 'extension');
  cpSync(DIST_DIR, extensionDir, { recursive: true });
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--auto-open-devtools-for-tabs',
    '--window-size=1280,900',
    ...(options.extraArgs ?? []),
  ];
  const debuggingPort = options.trusted ? await findFreePort() : undefined;
  let relay: CdpRelay | undefined;
  let context: BrowserContext;
  let stopBrowser: () => Promise<void>;
  let browserPid: number | undefined;
  let hostedRelayPort: number | undefined;
  let relayPid: number | undefined;
  let pipeSnapshot: ExtensionBrowser['pipeSnapshot'];
  try {
    if (debuggingPort && options.relayInOwnProcess && !options.direct) {
      const hosted = await launchRelayHost(
        { args, profileDir, port: debuggingPort, extensionDir },
        options.onSnapshotStreamed,
      );
      browserPid = hosted.browserPid;
      hostedRelayPort = hosted.relayPort;
      relayPid = hosted.relayPid;
      pipeSnapshot = hosted.pipeSnapshot;
      context = hosted.context;
      stopBrowser = hosted.close;
    } else if (debuggingPort) {
      // As `leaks browser` starts it: the relay up first (the panel looks for it as soon as DevTools opens) on
      // Chromium's pipe, Playwright on its port.
      let pipeReady: (pipe: ChromePipe) => void = () => undefined;
      if (!options.direct) {
        relay = await startCdpRelay({
          chrome: pipeBackend(new Promise<ChromePipe>((resolve) => (pipeReady = resolve))),
          extensionOrigin: EXTENSION_ORIGIN,
          onSnapshotStreamed: (streamed) =>
            options.onSnapshotStreamed?.({ ...streamed, endedAt: Date.now() }),
        });
      }
      writeEndpointFile(extensionDir, relay?.port ?? debuggingPort);
      const piped = await launchPipedChromium({
        profileDir,
        port: debuggingPort,
        args: options.direct ? [...args, `--remote-allow-origins=${EXTENSION_ORIGIN}`] : args,
      });
      pipeReady(piped.pipe);
      browserPid = piped.process.child.pid;
      context = piped.context;
      stopBrowser = piped.close;
    } else {
      // No debugging port at all: Playwright drives the browser over its own pipe.
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        timeout: 30_000,
        viewport: null,
        args: [...CHROMIUM_FLAGS, ...args],
      });
      stopBrowser = () => context.close();
    }
  } catch (error) {
    await relay?.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  const endpointPort = relay?.port ?? hostedRelayPort ?? debuggingPort;
  const close = async (): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      stopBrowser().catch(() => undefined),
      new Promise<void>((done) => (timer = setTimeout(done, 10_000))),
    ]);
    clearTimeout(timer);
    await relay?.close();
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  try {
    const browserSession = await context.browser()!.newBrowserCDPSession();
    await browserSession.send('Browser.setDownloadBehavior', {
      behavior: 'allow',
      downloadPath: downloadDir,
      eventsEnabled: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      browserSession,
      page,
      debuggingPort,
      browserPid,
      relayPid,
      endpointPort,
      downloadDir,
      pipeSnapshot,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** relay-host.ts in a child process; Playwright on the Chromium it started. */
async function launchRelayHost(
  config: RelayHostConfig,
  onSnapshotStreamed: LaunchExtensionOptions['onSnapshotStreamed'],
): Promise<{
  context: BrowserContext;
  browserPid: number;
  relayPid: number;
  relayPort: number;
  pipeSnapshot: NonNullable<ExtensionBrowser['pipeSnapshot']>;
  close(): Promise<void>;
}> {
  const child = spawn(process.execPath, [RUN_TS, RELAY_HOST, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  // The host answers pipe snapshots one at a time, in order.
  const pipeAnswers: ((message: RelayHostMessage) => void)[] = [];
  const ready = new Promise<{ relayPort: number; browserPid: number }>((resolve, reject) => {
    void exited.then(() => reject(new Error('the relay host exited before it was ready')));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as RelayHostMessage;
      if ('relayPort' in message) resolve(message);
      else if ('streamed' in message) onSnapshotStreamed?.(message.streamed);
      else pipeAnswers.shift()?.(message);
    });
  });
  const pipeSnapshot = (url: string) =>
    new Promise<PipeSnapshot>((resolve, reject) => {
      pipeAnswers.push((message) =>
        'pipeMs' in message
          ? resolve(message)
          : reject(new Error('pipeError' in message ? message.pipeError : 'unexpected answer')),
      );
      child.stdin!.write(`${JSON.stringify({ pipeSnapshot: url })}\n`);
    });
  try {
    const { relayPort, browserPid } = await ready;
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${config.port}`, { timeout: 30_000 });
    const context = browser.contexts()[0];
    if (!context) throw new Error('Chromium has no default context');
    const close = async (): Promise<void> => {
      await browser.close().catch(() => undefined); // disconnects; the host stops Chromium
      await stop();
    };
    return { context, browserPid, relayPid: child.pid ?? 0, relayPort, pipeSnapshot, close };
  } catch (error) {
    await stop();
    throw error;
  }
}
