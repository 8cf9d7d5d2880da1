import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ID, EXTENSION_ORIGIN } from '../shared/extension-id.ts';
import { defaultEnvironment, REPO_ROOT, startLeaksBrowser } from './launch-session.ts';
import type { LeaksBrowser } from './launch-session.ts';

const CDP_DIR = fileURLToPath(new URL('../cdp/', import.meta.url));

/**
 * A stand-in for dist/ that other work builds: the repo's manifest key (so the same extension id and CSP), a
 * devtools page that adds a "Leaks" panel, and a probe page bundling the real trusted-endpoint and WebSocket code,
 * which runs inside the extension exactly as the panel will.
 */
async function buildProbeExtension(dir: string): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const probeManifest = {
    manifest_version: 3,
    name: 'Leaks probe',
    version: '0.0.1',
    key: manifest.key,
    permissions: ['debugger'],
    devtools_page: 'devtools.html',
    content_security_policy: manifest.content_security_policy,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(probeManifest));
  fs.writeFileSync(path.join(dir, 'devtools.html'), '<script src="devtools.js"></script>');
  fs.writeFileSync(
    path.join(dir, 'devtools.js'),
    "chrome.devtools.panels.create('Leaks', '', 'probe.html');",
  );
  fs.writeFileSync(
    path.join(dir, 'probe.html'),
    '<!doctype html><title>probe</title><script type="module" src="probe.js"></script>',
  );
  const entry = path.join(dir, 'probe-entry.ts');
  fs.writeFileSync(
    entry,
    `import { chromeTrustedEndpointDeps, findTrustedEndpoint, sessionUrls } from ${JSON.stringify(path.join(CDP_DIR, 'trusted-endpoint.ts'))};
     import { connectWebSocket } from ${JSON.stringify(path.join(CDP_DIR, 'websocket-connection.ts'))};
     (globalThis as any).probe = (async () => {
       const tab = await chrome.tabs.getCurrent();
       const endpoint = await findTrustedEndpoint(tab!.id!, chromeTrustedEndpointDeps());
       if (!endpoint) return { endpoint };
       const { wsUrl, snapshotStreamUrl } = sessionUrls(endpoint);
       const conn = await connectWebSocket(wsUrl, { snapshotStreamUrl });
       await conn.send('HeapProfiler.enable');
       const counters = await conn.send('Memory.getDOMCounters');
       // One snapshot through the relay's stream: its bytes, and any chunk that came over the socket instead.
       let chunkEvents = 0;
       conn.on('HeapProfiler.addHeapSnapshotChunk', () => chunkEvents++);
       const body = (await fetch(conn.snapshotStreamUrl!)).body!.getReader();
       const parts: Uint8Array[] = [];
       const read = (async () => { for (let r = await body.read(); !r.done; r = await body.read()) parts.push(r.value); })();
       await conn.send('HeapProfiler.takeHeapSnapshot');
       await read;
       const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
       let offset = 0;
       for (const part of parts) { bytes.set(part, offset); offset += part.length; }
       const snapshot = JSON.parse(new TextDecoder().decode(bytes));
       await conn.close();
       return { endpoint, counters, chunkEvents, nodeFields: snapshot.snapshot.meta.node_fields, nodeCount: snapshot.snapshot.node_count };
     })().catch((error) => ({ error: String(error) }));`,
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      lib: { entry, formats: ['es'], fileName: () => 'probe.js' },
    },
  });
}

describe('leaks browser --headless', () => {
  let extensionDir: string;
  let browser: LeaksBrowser;

  beforeAll(async () => {
    extensionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaks-probe-ext-'));
    await buildProbeExtension(extensionDir);
    browser = await startLeaksBrowser(
      { demo: true, headless: true, build: false },
      { ...defaultEnvironment(), extensionDir },
    );
  });

  afterAll(async () => {
    await browser?.stop();
    fs.rmSync(extensionDir, { recursive: true, force: true });
  });

  it('opens the debugging port, writes the endpoint file and serves the demo app', async () => {
    const version = (await (await fetch(`http://127.0.0.1:${browser.port}/json/version`)).json()) as {
      Browser: string;
    };
    expect(version.Browser).toMatch(/^(Headless)?Chrome\/\d+/);
    expect(JSON.parse(fs.readFileSync(browser.endpointFile, 'utf8'))).toEqual({ port: browser.relayPort });
    expect(fs.readFileSync(path.join(browser.profileDir, 'Default', 'Preferences'), 'utf8')).toContain(
      'bottom',
    );
    const demo = await fetch(browser.url);
    expect(demo.ok).toBe(true);
    expect(await demo.text()).toContain('id="act"');
  });

  it('loads the extension, opens DevTools on the Leaks tab', async () => {
    const targets = (await (await fetch(`http://127.0.0.1:${browser.port}/json/list`)).json()) as {
      type: string;
      url: string;
    }[];
    expect(targets.some((t) => t.url.startsWith(`${EXTENSION_ORIGIN}/devtools.html`))).toBe(true);
    expect(targets.some((t) => t.type === 'page' && t.url.startsWith('devtools://devtools/'))).toBe(true);
    expect(targets.some((t) => t.type === 'page' && t.url === browser.url)).toBe(true);
    expect(browser.panelSelected).toBe(true);
  });

  it('lets the extension find the relay from the endpoint file and take a snapshot through its stream', async () => {
    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${browser.port}`);
    try {
      const page = await cdp.contexts()[0]!.newPage();
      await page.goto(`chrome-extension://${EXTENSION_ID}/probe.html`);
      const result = (await page.evaluate('globalThis.probe')) as {
        endpoint?: { port: number; wsUrl: string; relay: boolean };
        counters?: { jsEventListeners: number };
        chunkEvents?: number;
        nodeFields?: string[];
        nodeCount?: number;
        error?: string;
      };
      expect(result.error).toBeUndefined();
      expect(result.endpoint?.port).toBe(browser.relayPort);
      expect(result.endpoint?.relay).toBe(true);
      expect(result.endpoint?.wsUrl).toMatch(
        new RegExp(`^ws://127\\.0\\.0\\.1:${browser.relayPort}/devtools/page/[0-9A-F]+$`),
      );
      expect(typeof result.counters?.jsEventListeners).toBe('number');
      expect(result.chunkEvents).toBe(0);
      expect(result.nodeFields).toContain('self_size');
      expect(result.nodeCount).toBeGreaterThan(1000);
      await page.close();
    } finally {
      await cdp.close();
    }
  });

  it('removes the profile and the endpoint file when stopped', async () => {
    await browser.stop();
    expect(browser.chrome.child.exitCode ?? browser.chrome.child.signalCode).not.toBeNull();
    expect(fs.existsSync(browser.profileDir)).toBe(false);
    expect(fs.existsSync(browser.endpointFile)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${browser.port}/json/version`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${browser.relayPort}/json/version`)).rejects.toThrow();
  });
});

const BUILT_MANIFEST = path.join(REPO_ROOT, 'dist', 'manifest.json');

describe.skipIf(!fs.existsSync(BUILT_MANIFEST))('leaks browser --headless with the built dist/', () => {
  it('loads the real extension and brings its Leaks panel to the front', async () => {
    const browser = await startLeaksBrowser({ demo: false, headless: true, build: false });
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${browser.port}/json/list`)).json()) as {
        url: string;
      }[];
      expect(targets.some((t) => t.url.startsWith(`${EXTENSION_ORIGIN}/`))).toBe(true);
      expect(browser.panelSelected).toBe(true);
    } finally {
      await browser.stop();
    }
    expect(fs.existsSync(browser.endpointFile)).toBe(false);
  });
});
