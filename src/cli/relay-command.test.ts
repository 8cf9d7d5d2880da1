import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../../test/support/chromium.ts';
import { EXTENSION_ORIGIN } from '../shared/extension-id.ts';
import { findFreePort } from './launch-port.ts';

const LEAKS_BIN = fileURLToPath(new URL('../../bin/leaks.js', import.meta.url));

function runLeaks(args: string[]) {
  const child = spawn(process.execPath, [LEAKS_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data));
  child.stderr.on('data', (data: Buffer) => (stderr += data));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('leaks relay', () => {
  let chromium: LaunchedChromium;
  let chromePort: number;
  let extensionDir: string;

  beforeAll(async () => {
    chromePort = await findFreePort();
    chromium = await launchChromium({ extraArgs: [`--remote-debugging-port=${chromePort}`] });
    extensionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaks-relay-ext-'));
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    fs.rmSync(extensionDir, { recursive: true, force: true });
  });

  it("serves a running Chrome to the extension, names itself in the extension's endpoint file, and cleans up on Ctrl-C", async () => {
    const run = runLeaks(['relay', '--chrome-port', String(chromePort), '--extension-dir', extensionDir]);
    const endpointFile = path.join(extensionDir, 'leaks-endpoint.json');
    while (!run.output().stdout.includes('Reopen DevTools')) {
      if (run.child.exitCode !== null) throw new Error(run.output().stderr);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { port } = JSON.parse(fs.readFileSync(endpointFile, 'utf8')) as { port: number };
    expect(run.output().stdout).toContain(`on 127.0.0.1:${port}`);
    const version = await fetch(`http://127.0.0.1:${port}/json/version`, {
      headers: { origin: EXTENSION_ORIGIN },
    });
    expect(((await version.json()) as Record<string, unknown>)['Leaks-Relay']).toBe(1);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(fs.existsSync(endpointFile)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/json/version`)).rejects.toThrow();
  }, 30_000);

  it('says so when nothing debuggable listens on the port, and rejects bad options', async () => {
    const closedPort = await findFreePort();
    const none = runLeaks(['relay', '--chrome-port', String(closedPort), '--extension-dir', extensionDir]);
    expect(await none.exited).toBe(1);
    expect(none.output().stderr).toContain(`debugging port ${closedPort}`);
    const bad = runLeaks(['relay', '--chrome-port', 'x']);
    expect(await bad.exited).toBe(2);
    expect(bad.output().stderr).toContain('bad --chrome-port');
  }, 30_000);
});
