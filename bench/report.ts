/**
 * Turns measurements into the figures and PASS/FAIL verdicts against the targets (what results.json
 * holds per snapshot).
 */
import type { SnapshotSet } from './generate.ts';
import type { Measurement } from './measure.ts';

export const targets = {
  minSpeedup: 3,
  maxRssPerFileByte: 1.5,
  maxCompareToAnalysis: 1.5,
  /** From this size on, the only target is to finish. */
  completesFromMegabytes: 1500,
} as const;

export interface SnapshotResult {
  key: string;
  label: string;
  fileBytes: number;
  nodeCount?: number;
  edgeCount?: number;
  chromeCaptureSeconds: SnapshotSet['captureSeconds'];
  devtools: Measurement;
  leaks: Measurement;
  compare: Measurement;
  figures: {
    speedup?: number;
    /** Same ratio on CPU time (all threads): steadier than wall time when the machine is shared. */
    cpuSpeedup?: number;
    leaksMegabytesPerSecond?: number;
    devtoolsMegabytesPerSecond?: number;
    leaksRssPerFile?: number;
    devtoolsRssPerFile?: number;
    /** Peak RSS minus the idle runtime (RSS before the file is opened), per file byte. */
    leaksNetRssPerFile?: number;
    devtoolsNetRssPerFile?: number;
    compareToAnalysis?: number;
  };
  verdicts: Verdict[];
}

export interface Verdict {
  target: string;
  pass: boolean;
  detail: string;
}

const mb = (bytes: number): number => bytes / 1e6;
const ratio = (a?: number, b?: number): number | undefined => (a && b ? a / b : undefined);

export function buildResult(
  set: SnapshotSet,
  fileBytes: number,
  devtools: Measurement,
  leaks: Measurement,
  compare: Measurement,
): SnapshotResult {
  const d = devtools.median;
  const l = leaks.median;
  const c = compare.median;
  const figures = {
    speedup: ratio(d?.totalSeconds, l?.totalSeconds),
    cpuSpeedup: ratio(d?.cpuSeconds, l?.cpuSeconds),
    leaksMegabytesPerSecond: l && mb(fileBytes) / l.totalSeconds,
    devtoolsMegabytesPerSecond: d && mb(fileBytes) / d.totalSeconds,
    leaksRssPerFile: ratio(l?.peakRssBytes, fileBytes),
    devtoolsRssPerFile: ratio(d?.peakRssBytes, fileBytes),
    leaksNetRssPerFile: l && (l.peakRssBytes - l.rssBeforeLoadBytes) / fileBytes,
    devtoolsNetRssPerFile: d && (d.peakRssBytes - d.rssBeforeLoadBytes) / fileBytes,
    compareToAnalysis: ratio(c?.totalSeconds, l?.totalSeconds),
  };
  const verdicts: Verdict[] = [];
  const check = (
    target: string,
    value: number | undefined,
    pass: (v: number) => boolean,
    unit: string,
  ): void => {
    verdicts.push({
      target,
      pass: value !== undefined && pass(value),
      detail: value === undefined ? 'not measured (skipped or a run failed)' : `${value.toFixed(2)}${unit}`,
    });
  };
  if (mb(fileBytes) >= targets.completesFromMegabytes) {
    verdicts.push({ target: 'completes', pass: l !== undefined, detail: leaks.error ?? 'analysis finished' });
  }
  const devtoolsSkipped = devtools.runSeconds.length === 0 && !devtools.error;
  if (!devtoolsSkipped) {
    check(`speedup ≥ ${targets.minSpeedup}×`, figures.speedup, (v) => v >= targets.minSpeedup, '×');
  }
  check(
    `peak RSS ≤ ${targets.maxRssPerFileByte}× file`,
    figures.leaksRssPerFile,
    (v) => v <= targets.maxRssPerFileByte,
    '× file',
  );
  check(
    `3-snapshot compare ≤ ${targets.maxCompareToAnalysis}× analysis`,
    figures.compareToAnalysis,
    (v) => v <= targets.maxCompareToAnalysis,
    '× analysis',
  );
  return {
    key: set.scenario.key,
    label: set.scenario.label,
    fileBytes,
    nodeCount: l?.nodeCount ?? d?.nodeCount,
    edgeCount: l?.edgeCount ?? d?.edgeCount,
    chromeCaptureSeconds: set.captureSeconds,
    devtools,
    leaks,
    compare,
    figures,
    verdicts,
  };
}
