/**
 * What each benchmark size does in the page. Every size yields a baseline/target/final triple from ONE page and
 * ONE HeapProfiler session: baseline after load, target after allocating more, final after freeing some. The
 * final snapshot is also the one the single-snapshot analysis measures, so its size is the size asked for.
 *
 * Calibrated on Chromium 156: an empty page snapshots to ~4 MB; a synthetic unit (see pages/synthetic.js) adds
 * ~1,030 bytes of snapshot JSON (~80 bytes per node); an app view of 500 records adds ~6 MB.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pagesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');
const emptyPageBytes = 4.1e6;
const bytesPerSyntheticUnit = 1034;

export type SizeKey = 'app' | number;

export interface Scenario {
  /** File name stem in the cache, e.g. `synthetic-200` or `app`. */
  readonly key: string;
  readonly label: string;
  readonly script: string;
  /** JS expressions evaluated in the page before each snapshot. */
  readonly steps: { readonly baseline: string; readonly target: string; readonly final: string };
}

export function parseSizeKey(text: string): SizeKey {
  if (text === 'app') return 'app';
  const megabytes = Number(text);
  if (!Number.isFinite(megabytes) || megabytes < 10)
    throw new Error(`Unknown size "${text}" (app or MB ≥ 10)`);
  return megabytes;
}

export function scenarioFor(size: SizeKey): Scenario {
  if (size === 'app') {
    // 12 views (~75 MB), then 4 closed of which 2 leak their detached tree through a store subscription: ~50 MB.
    return {
      key: 'app',
      label: 'app ~50 MB',
      script: path.join(pagesDir, 'app.js'),
      steps: {
        baseline: 'window.benchApp.openViews(5, 500)',
        target: 'window.benchApp.openViews(7, 500)',
        final: 'window.benchApp.closeViews(3, 2)',
      },
    };
  }
  // Final ≈ 1.0 N units: grow 0.8 N, grow 0.33 N more (1.13 N in 45 segments), then drop every 8th segment.
  const units = Math.round(((size * 1e6 - emptyPageBytes) / bytesPerSyntheticUnit) * 1.0);
  const segmentSize = Math.ceil(units / 40);
  return {
    key: `synthetic-${size}`,
    label: `synthetic ~${size} MB`,
    script: path.join(pagesDir, 'synthetic.js'),
    steps: {
      baseline: `window.benchPage.grow(${Math.round(units * 0.8)}, ${segmentSize})`,
      target: `window.benchPage.grow(${Math.round(units * 0.33)}, ${segmentSize})`,
      final: 'window.benchPage.free(8)',
    },
  };
}
