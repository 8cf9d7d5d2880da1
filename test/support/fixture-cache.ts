import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserFixturePage } from '../../e2e/fixtures/expectations.ts';

export type FixtureRole = 'baseline' | 'target' | 'final';
export const FIXTURE_ROLES: readonly FixtureRole[] = ['baseline', 'target', 'final'];

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_PAGES_DIR = join(REPO_ROOT, 'e2e', 'fixtures');
export const FIXTURE_CACHE_DIR = join(REPO_ROOT, '.cache', 'fixtures');
export const SOURCE_HASH_FILE = 'source.sha256';

/**
 * Bump when the capture recipe changes (clicks, waits, GC rounds) so cached snapshots are retaken even though
 * the pages did not change.
 */
const RECIPE_VERSION = '1';

export function fixtureDir(page: BrowserFixturePage | 'node'): string {
  return join(FIXTURE_CACHE_DIR, page);
}

export function snapshotFile(page: BrowserFixturePage, role: FixtureRole): string {
  return join(fixtureDir(page), `${role}.heapsnapshot`);
}

export function nodeProcessSnapshotFile(): string {
  return join(fixtureDir('node'), 'process.heapsnapshot');
}

/** The page's own files: the HTML file, or every file of its directory for a multi-file app. */
function pageSourceFiles(page: BrowserFixturePage): string[] {
  const dir = join(FIXTURE_PAGES_DIR, page);
  if (existsSync(dir)) {
    return readdirSync(dir)
      .sort()
      .map((name) => join(dir, name));
  }
  return [join(FIXTURE_PAGES_DIR, `${page}.html`)];
}

export function pageSourceHash(page: BrowserFixturePage): string {
  const hash = createHash('sha256').update(`recipe ${RECIPE_VERSION}\n`);
  for (const file of pageSourceFiles(page))
    hash.update(file.slice(FIXTURE_PAGES_DIR.length)).update(readFileSync(file));
  return hash.digest('hex');
}

/** True when all three snapshots exist and were taken from the page source as it is now. */
export function isPageCached(page: BrowserFixturePage): boolean {
  const hashFile = join(fixtureDir(page), SOURCE_HASH_FILE);
  if (!existsSync(hashFile)) return false;
  if (!FIXTURE_ROLES.every((role) => existsSync(snapshotFile(page, role)))) return false;
  return readFileSync(hashFile, 'utf8').trim() === pageSourceHash(page);
}

/**
 * The path of a fixture snapshot made by the global setup (test/global-setup.ts).
 * `fixtureSnapshot('node', 'process')` is the Node.js process snapshot.
 */
export function fixtureSnapshot(page: 'node', role: 'process'): string;
export function fixtureSnapshot(page: BrowserFixturePage, role: FixtureRole): string;
export function fixtureSnapshot(page: BrowserFixturePage | 'node', role: FixtureRole | 'process'): string {
  const path = page === 'node' ? nodeProcessSnapshotFile() : snapshotFile(page, role as FixtureRole);
  if (!existsSync(path)) {
    throw new Error(
      `Fixture snapshot ${page}/${role} is missing (${path}). It is made by vitest's global setup ` +
        `(test/global-setup.ts); run the tests through vitest, or \`npx tsx test/global-setup.ts\`.`,
    );
  }
  return path;
}
