import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { FIXTURE_EXPECTATIONS } from '../../e2e/fixtures/expectations.ts';
import type { FixtureExpectation } from '../../e2e/fixtures/expectations.ts';
import { createPlaywrightConnection } from '../../src/cdp/playwright-connection.ts';
import { launchChromium } from './chromium.ts';
import {
  FIXTURE_PAGES_DIR,
  SOURCE_HASH_FILE,
  fixtureDir,
  isPageCached,
  nodeProcessSnapshotFile,
  pageSourceHash,
  snapshotFile,
} from './fixture-cache.ts';
import type { FixtureRole } from './fixture-cache.ts';
import { nodeProcessScript, writeNodeProcessSnapshot } from './node-snapshot.ts';
import { serveDirectory } from './static-server.ts';
import { writeSnapshotFile } from './write-snapshot-file.ts';

export { fixtureSnapshot } from './fixture-cache.ts';
export type { FixtureRole } from './fixture-cache.ts';

export interface GeneratedFixtures {
  /** Pages whose snapshots were (re)taken this time; the others came from the cache. */
  captured: string[];
  log: string[];
}

/**
 * Makes `.cache/fixtures/<page>/{baseline,target,final}.heapsnapshot` for every fixture page whose source changed
 * since the last run, plus `.cache/fixtures/node/process.heapsnapshot`. Launches Chromium only when needed.
 */
export async function generateFixtureSnapshots(): Promise<GeneratedFixtures> {
  const result: GeneratedFixtures = { captured: [], log: [] };
  const stale = FIXTURE_EXPECTATIONS.filter((fixture) => !isPageCached(fixture.page));
  const nodeSnapshot = writeNodeSnapshotIfStale(result);
  // Awaited below; this only keeps a failure from being reported as unhandled while a page capture also fails.
  nodeSnapshot.catch(() => {});

  if (stale.length > 0) {
    const server = await serveDirectory(FIXTURE_PAGES_DIR);
    const browser = await launchChromium().catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    try {
      for (const fixture of stale) {
        const started = performance.now();
        const sizes = await captureFixturePage(browser.context, server.origin, fixture);
        result.captured.push(fixture.page);
        result.log.push(
          `${fixture.page}: ${sizes.map((s) => (s / 1e6).toFixed(1)).join(' / ')} MB in ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }
  await nodeSnapshot;
  return result;
}

async function writeNodeSnapshotIfStale(result: GeneratedFixtures): Promise<void> {
  const path = nodeProcessSnapshotFile();
  const hashFile = join(fixtureDir('node'), SOURCE_HASH_FILE);
  const hash = createHash('sha256').update(nodeProcessScript()).digest('hex');
  if (existsSync(path) && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash) return;
  mkdirSync(fixtureDir('node'), { recursive: true });
  await writeNodeProcessSnapshot(`${path}.partial-${process.pid}`);
  renameSync(`${path}.partial-${process.pid}`, path);
  writeFileSync(hashFile, hash + '\n');
  result.captured.push('node');
}

/**
 * Load → baseline, click #act → target, click #undo → final; one CDP session for all three. Written to a
 * private directory first and renamed into place, so a concurrent vitest run never reads half a page's files.
 */
async function captureFixturePage(
  context: BrowserContext,
  origin: string,
  fixture: FixtureExpectation,
): Promise<number[]> {
  const dir = fixtureDir(fixture.page);
  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const page = await context.newPage();
  try {
    const conn = createPlaywrightConnection(await context.newCDPSession(page));
    await page.goto(origin + fixture.path, { waitUntil: 'load' });
    // Resolving the locator now injects Playwright's helper script before the baseline, not between snapshots.
    await page.locator('#act').waitFor();
    const sizes: number[] = [];
    const snap = async (role: FixtureRole): Promise<void> => {
      sizes.push(await writeSnapshotFile(conn, join(work, basename(snapshotFile(fixture.page, role)))));
    };
    await snap('baseline');
    await page.click('#act');
    await snap('target');
    await page.click('#undo');
    await snap('final');
    writeFileSync(join(work, SOURCE_HASH_FILE), pageSourceHash(fixture.page) + '\n');
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    return sizes;
  } finally {
    // Close the page, never detach the session: detaching right after a snapshot has hung (DESIGN §7).
    await page.close().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
}
