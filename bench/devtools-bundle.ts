/**
 * Bundles Chrome DevTools' own heap snapshot worker (from the `chrome-devtools-frontend` npm package) into one
 * Node ESM file, so the benchmark runs DevTools' real loader and algorithms untouched. Only modules that cannot run
 * in Node are redirected: i18n (needs a DevTools host for locales) becomes ./devtools-shims/i18n.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { bundleForNode, repoDir } from './node-bundle.ts';

const benchDir = path.join(repoDir, 'bench');
const frontEndDir = path.join(repoDir, 'node_modules/chrome-devtools-frontend/front_end');
const workerDir = path.join(frontEndDir, 'entrypoints/heap_snapshot_worker');

/** DevTools modules (path under front_end/) replaced by a Node stand-in. */
const shims: Record<string, string> = {
  'core/i18n/i18n.js': path.join(benchDir, 'devtools-shims/i18n.ts'),
};

function shimPlugin(): Plugin {
  return {
    name: 'leaks-bench-devtools-shims',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const wanted = path.relative(frontEndDir, path.resolve(path.dirname(importer), source));
      return shims[wanted] ?? null;
    },
  };
}

/** Builds the bundle (fresh each bench run: about a second); returns the path of the ESM file to import. */
export async function buildDevToolsBundle(cacheDir: string): Promise<string> {
  const outDir = path.join(cacheDir, 'devtools');
  fs.mkdirSync(outDir, { recursive: true });
  // The entry lives outside the repo's tsconfig on purpose: typechecking DevTools' sources is not our job.
  const entryPath = path.join(outDir, 'entry.ts');
  fs.writeFileSync(
    entryPath,
    [
      `export { HeapSnapshotLoader } from ${JSON.stringify(path.join(workerDir, 'HeapSnapshotLoader.ts'))};`,
      `export { SecondaryInitManager } from ${JSON.stringify(path.join(workerDir, 'HeapSnapshot.ts'))};`,
      '',
    ].join('\n'),
  );
  return bundleForNode(entryPath, path.join(outDir, 'heap-snapshot-worker.mjs'), [shimPlugin()]);
}
