import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../test/support/chromium.ts';

const SRC = fileURLToPath(new URL('../', import.meta.url));
const MANIFEST = JSON.parse(fs.readFileSync(path.join(SRC, '..', 'manifest.json'), 'utf8')) as {
  key: string;
};

/** An extension page that drives the real chrome.debugger connection and quick mode, as the panel will. */
const PROBE_ENTRY = `
import { attachChromeDebugger } from ${JSON.stringify(path.join(SRC, 'cdp/chrome-debugger-connection.ts'))};
import { takeQuickCheckpoint } from ${JSON.stringify(path.join(SRC, 'capture/quick-checkpoint.ts'))};
const tabOf = async (url: string) => (await chrome.debugger.getTargets()).find((t) => t.url === url)?.tabId;
const g = globalThis as any;
g.quickCheckpoint = async (url: string) => {
  const conn = await attachChromeDebugger((await tabOf(url))!);
  try {
    const heapProfiler = await conn.send('HeapProfiler.enable').then(() => 'ok', (e: Error) => e.message);
    const checkpoint = await takeQuickCheckpoint(conn, { label: 'probe' });
    return { kind: conn.kind, heapProfiler, checkpoint };
  } finally {
    await conn.close();
  }
};
g.attachAndWaitForClose = async (url: string) => {
  const conn = await attachChromeDebugger((await tabOf(url))!);
  g.closeReason = new Promise((resolve) => conn.onClose(resolve));
  return 'attached';
};`;

async function buildProbe(dir: string): Promise<void> {
  const manifest = {
    manifest_version: 3,
    name: 'probe',
    version: '1',
    key: MANIFEST.key,
    permissions: ['debugger'],
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  fs.writeFileSync(
    path.join(dir, 'probe.html'),
    '<!doctype html><script type="module" src="probe.js"></script>',
  );
  fs.writeFileSync(path.join(dir, 'probe-entry.ts'), PROBE_ENTRY);
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      lib: { entry: path.join(dir, 'probe-entry.ts'), formats: ['es'], fileName: () => 'probe.js' },
    },
  });
}

const LEAKY_PAGE = `<!doctype html><button id="act">act</button><script>
  const kept = [];
  for (let i = 0; i < 2; i++) {
    const ticker = document.createElement('div');
    ticker.className = 'price-ticker';
    ticker.innerHTML = '<span>1</span>';
    kept.push(ticker);
    window.addEventListener('resize', function onResize() { ticker.textContent = innerWidth; });
  }
</script>`;

describe('attachChromeDebugger in a real extension', () => {
  let extensionDir: string;
  let profileDir: string;
  let server: http.Server;
  let context: BrowserContext;
  let probe: Page;
  let pageUrl: string;

  beforeAll(async () => {
    extensionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaks-debugger-probe-'));
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaks-debugger-profile-'));
    await buildProbe(extensionDir);
    server = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(LEAKY_PAGE),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        ...CHROMIUM_FLAGS,
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
      ],
    });
    probe = await context.newPage();
    const worker = context.serviceWorkers()[0];
    const extensionId = worker ? new URL(worker.url()).host : 'ehmkebcgddcgebelbgbafjjfobgbogpk';
    await probe.goto(`chrome-extension://${extensionId}/probe.html`);
    await probe.waitForFunction('typeof globalThis.quickCheckpoint === "function"');
  });

  afterAll(async () => {
    await context?.close();
    server?.close();
    for (const dir of [extensionDir, profileDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is untrusted (no HeapProfiler) but takes a quick checkpoint', async () => {
    const page = await context.newPage();
    await page.goto(pageUrl);
    const result = (await probe.evaluate(`globalThis.quickCheckpoint(${JSON.stringify(pageUrl)})`)) as {
      kind: string;
      heapProfiler: string;
      checkpoint: {
        detachedTrees: { root: string }[];
        listeners: { target: string; type: string; count: number }[];
      };
    };
    expect(result.kind).toBe('chrome-debugger');
    expect(result.heapProfiler).toMatch(/'HeapProfiler\.enable' wasn't found/);
    expect(result.checkpoint.detachedTrees.map((t) => t.root)).toEqual([
      'div.price-ticker',
      'div.price-ticker',
    ]);
    const resize = result.checkpoint.listeners.find((l) => l.target === 'Window' && l.type === 'resize');
    expect(resize?.count).toBe(2);
    await page.close();
  });

  it("reports Chrome's detach reason when the tab closes", async () => {
    const page = await context.newPage();
    await page.goto(pageUrl);
    expect(await probe.evaluate(`globalThis.attachAndWaitForClose(${JSON.stringify(pageUrl)})`)).toBe(
      'attached',
    );
    await page.close();
    expect(await probe.evaluate('globalThis.closeReason')).toBe('target_closed');
  });
});
