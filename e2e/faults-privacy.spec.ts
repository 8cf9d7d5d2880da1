import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CLEAN_CONTROL, CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { DIST_DIR } from './support/extension-browser.ts';
import { extensionDebuggerAttached, extensionServiceWorker, tabIdOf } from './support/extension-worker.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';

const openPanel = panelsClosedAfterEach();

interface BuiltManifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: unknown[];
  content_security_policy?: { extension_pages?: string };
}

const manifest = (): BuiltManifest =>
  JSON.parse(readFileSync(join(DIST_DIR, 'manifest.json'), 'utf8')) as BuiltManifest;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const LOOPBACK = /^(?:https?|wss?):\/\/(?:127\.0\.0\.1|localhost)(?:[:/]|$)/;
/** Strings in the bundle that are identifiers, never requests: XML namespaces and React's error-doc prefix. */
const NEVER_FETCHED = new Set([
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/XML/1998/namespace',
  'http://www.w3.org/1998/Math/MathML',
  'https://react.dev/errors/',
]);

test('the manifest asks for debugger and storage only, and the CSP allows no JavaScript eval and loopback only', () => {
  const built = manifest();
  expect(built.permissions).toEqual(['debugger', 'storage']);
  expect(built.host_permissions ?? []).toEqual([]);
  expect(built.optional_permissions ?? []).toEqual([]);
  expect(built.optional_host_permissions ?? []).toEqual([]);
  expect(built.content_scripts ?? []).toEqual([]);

  const csp = built.content_security_policy?.extension_pages ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
  const sources = [...directives.values()].flat();
  expect(sources).not.toContain("'unsafe-eval'");
  expect(sources).not.toContain("'unsafe-inline'");
  // 'wasm-unsafe-eval' lets the analysis worker compile WebAssembly (the parser's number loop), not run JS from text.
  expect(directives.get('script-src')).toEqual(['self', 'wasm-unsafe-eval'].map((s) => `'${s}'`));
  const connect = directives.get('connect-src') ?? [];
  expect(connect.length).toBeGreaterThan(0);
  for (const source of connect) expect(source === "'self'" || LOOPBACK.test(source), source).toBe(true);
});

test('the built extension names no remote URL it could fetch or connect to', () => {
  const code = filesUnder(DIST_DIR).filter((f) => /\.(js|html|json)$/.test(f));
  expect(code.length).toBeGreaterThan(3);
  const remote: string[] = [];
  for (const file of code) {
    const text = readFileSync(file, 'utf8');
    for (const [url] of text.matchAll(/\b(?:https?|wss?):\/\/[^\s"'`)]*/g)) {
      if (!LOOPBACK.test(url) && !NEVER_FETCHED.has(url)) remote.push(`${file}: ${url}`);
    }
    // Every request target is built from a loopback template, a packaged file or a port-file URL.
    for (const [call] of text.matchAll(/new WebSocket\([^)]*\)|\bimportScripts\([^)]*\)/g)) {
      expect(call, file).not.toMatch(/https?:|wss?:\/\/(?!127\.0\.0\.1|localhost)/);
    }
  }
  expect(remote).toEqual([]);
});

test('chrome.debugger attaches to the inspected tab only, and only after the first Record click', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: false });
  const { panel, browser, server } = session;
  await panel.waitFor('quick mode', `!!document.querySelector('.status .source-quick')`);
  const serviceWorker = await extensionServiceWorker(browser.context);
  const inspectedTab = await tabIdOf(serviceWorker, browser.page.url());

  expect(await extensionDebuggerAttached(serviceWorker, inspectedTab)).toBe(false);
  await panel.click('Record baseline', () => panel.recordState('baseline').then((s) => s !== 'pending'));
  await panel.waitFor(
    'the baseline',
    `[...document.querySelectorAll('button.record')].find((b) => b.textContent.trim() === 'Record baseline')?.dataset.state === 'done'`,
  );
  expect(await extensionDebuggerAttached(serviceWorker, inspectedTab)).toBe(true);
  // A second tab, opened after the panel attached, is left alone.
  const other = await browser.context.newPage();
  await other.goto(`${server.origin}${CLEAN_CONTROL.path}`);
  expect(await extensionDebuggerAttached(serviceWorker, await tabIdOf(serviceWorker, other.url()))).toBe(
    false,
  );
});
