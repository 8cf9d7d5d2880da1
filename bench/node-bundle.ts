/**
 * Bundles a TypeScript entry into one Node ESM file with vite (SSR build, Node built-ins external). The benchmark
 * runs its child processes from such bundles so that neither side pays tsx's loader in time or memory (~35 MB RSS).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Plugin } from 'vite';

export const repoDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export async function bundleForNode(entry: string, outFile: string, plugins: Plugin[] = []): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoDir,
    publicDir: false,
    plugins,
    build: {
      ssr: entry,
      outDir: path.dirname(outFile),
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { entryFileNames: path.basename(outFile), format: 'es' } },
    },
    ssr: { noExternal: true, target: 'node' },
  });
  return outFile;
}

/** The child-process runners, bundled fresh on every bench run so they always measure the current engine. */
export async function bundleRunners(cacheDir: string): Promise<{ leaks: string; devtools: string }> {
  const outDir = path.join(cacheDir, 'runners');
  const benchDir = path.join(repoDir, 'bench');
  // The compare runs the CLI's snapshot reader thread, which must sit beside the runner as its own bundle.
  await bundleForNode(
    path.join(repoDir, 'src', 'cli', 'snapshot-reader-thread.ts'),
    path.join(outDir, 'snapshot-reader-thread.mjs'),
  );
  return {
    leaks: await bundleForNode(path.join(benchDir, 'leaks-runner.ts'), path.join(outDir, 'leaks-runner.mjs')),
    devtools: await bundleForNode(
      path.join(benchDir, 'devtools-runner.ts'),
      path.join(outDir, 'devtools-runner.mjs'),
    ),
  };
}
