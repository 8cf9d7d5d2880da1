import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Only Chromium and Chrome for Testing: branded Chrome 137+ ignores --load-extension (DESIGN.md §2), so picking
 * it silently would start a browser without Leaks.
 */
export function chromeCandidates(platform: NodeJS.Platform = process.platform): string[] {
  const home = os.homedir();
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      path.join(home, 'Applications/Chromium.app/Contents/MacOS/Chromium'),
    ];
  }
  if (platform === 'win32') {
    const local = process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
    const programFiles = process.env.ProgramFiles ?? 'C:\\Program Files';
    return [
      path.join(local, 'Chromium', 'Application', 'chrome.exe'),
      path.join(programFiles, 'Chromium', 'Application', 'chrome.exe'),
      path.join(programFiles, 'Google', 'Chrome for Testing', 'Application', 'chrome.exe'),
    ];
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome-for-testing',
  ];
}

export function findChrome(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROME_PATH points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const found = chromeCandidates().find((candidate) => fs.existsSync(candidate));
  if (found) return found;
  throw new Error(
    'No Chromium or Chrome for Testing found. Install one (e.g. `npx @puppeteer/browsers install chrome@stable`) ' +
      'and set CHROME_PATH to its executable. Branded Chrome cannot load unpacked extensions from the command line.',
  );
}

export interface ChromeFlagsInput {
  extensionDir: string;
  port: number;
  profileDir: string;
  headless: boolean;
  url: string;
  /** Root cannot run the sandbox; everyone else keeps it. */
  runningAsRoot: boolean;
}

export function chromeFlags(input: ChromeFlagsInput): string[] {
  const flags = [
    `--load-extension=${input.extensionDir}`,
    `--disable-extensions-except=${input.extensionDir}`,
    // The panel's snapshots come through our relay over this pipe (src/cli/chrome-pipe.ts), CBOR so that their
    // bytes are never JSON-escaped. No --remote-allow-origins: no web or extension page may open a DevTools
    // WebSocket on the port, which stays for local tools (and for the launcher to click the Leaks tab).
    '--remote-debugging-pipe=cbor',
    `--remote-debugging-port=${input.port}`,
    `--user-data-dir=${input.profileDir}`,
    '--auto-open-devtools-for-tabs',
    '--no-first-run',
    '--no-default-browser-check',
  ];
  if (input.runningAsRoot) flags.push('--no-sandbox');
  if (input.headless) flags.push('--headless', '--disable-gpu');
  flags.push(input.url);
  return flags;
}

export interface ChromeProcess {
  child: ChildProcess;
  /** Chromium's --remote-debugging-pipe: it reads commands from its fd 3 and writes to its fd 4. */
  pipe: { toChrome: Writable; fromChrome: Readable };
  /** Resolves with the exit code (or 1 when killed by a signal). */
  exited: Promise<number>;
  /** SIGTERM, then SIGKILL if Chromium is still there after `graceMs` (a hung browser ignored SIGTERM in CI). */
  stop(graceMs?: number): Promise<number>;
}

export function spawnChrome(executable: string, flags: string[], options: { quiet: boolean }): ChromeProcess {
  // Chromium's stderr is noisy (GPU, D-Bus, updater warnings) and means nothing to a Leaks user. It runs in a
  // process group of its own so that stopping it also stops its helper processes (zygote, network and storage
  // services), which otherwise keep writing into the profile after the browser exits.
  const child = spawn(executable, flags, {
    stdio: ['ignore', 'ignore', options.quiet ? 'ignore' : 'inherit', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const pipe = { toChrome: child.stdio[3] as Writable, fromChrome: child.stdio[4] as Readable };
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone.
    }
  };
  // A detached group outlives us unless we take it down: do so however this process ends.
  const killOnExit = () => signalGroup('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code) => resolve(code ?? 1));
    child.once('error', () => resolve(1));
  });
  return {
    child,
    pipe,
    exited,
    async stop(graceMs = 5000) {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) {
        signalGroup('SIGKILL'); // helpers may outlive the browser
        return exited;
      }
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL');
      return code;
    },
  };
}
