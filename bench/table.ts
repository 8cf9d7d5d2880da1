/**
 * The per-snapshot table printed by `npm run bench`: DevTools and Leaks side by side, phases, compare, verdicts.
 */
import os from 'node:os';
import type { RunResult } from './measure.ts';
import type { SnapshotResult } from './report.ts';

const mb = (bytes: number): number => bytes / 1e6;
const fixed = (value: number | undefined, digits = 2): string =>
  value === undefined ? '—' : value.toFixed(digits);
const rssMb = (run?: RunResult): string => fixed(run && mb(run.peakRssBytes), 0);

function phases(run?: RunResult): string {
  if (!run) return '—';
  return Object.entries(run.phases)
    .map(([name, seconds]) => `${name} ${seconds.toFixed(2)}`)
    .join(', ');
}

export function renderTable(result: SnapshotResult): string {
  const { devtools, leaks, compare, figures } = result;
  const d = devtools.median;
  const l = leaks.median;
  const nodes = result.nodeCount?.toLocaleString('en-US') ?? '?';
  const edges = result.edgeCount?.toLocaleString('en-US') ?? '?';
  const capture = result.chromeCaptureSeconds;
  const rows: [string, string, string][] = [
    ['time s (median)', fixed(d?.totalSeconds), fixed(l?.totalSeconds)],
    [
      'runs s',
      devtools.runSeconds.map((s) => s.toFixed(2)).join('/'),
      leaks.runSeconds.map((s) => s.toFixed(2)).join('/'),
    ],
    ['CPU s (median run)', fixed(d?.cpuSeconds), fixed(l?.cpuSeconds)],
    ['MB/s', fixed(figures.devtoolsMegabytesPerSecond, 1), fixed(figures.leaksMegabytesPerSecond, 1)],
    ['peak RSS MB', rssMb(d), rssMb(l)],
    ['RSS / file', fixed(figures.devtoolsRssPerFile), fixed(figures.leaksRssPerFile)],
    ['RSS before load MB', fixed(d && mb(d.rssBeforeLoadBytes), 0), fixed(l && mb(l.rssBeforeLoadBytes), 0)],
    ['(peak − before) / file', fixed(figures.devtoolsNetRssPerFile), fixed(figures.leaksNetRssPerFile)],
  ];
  const lines = [
    `== ${result.label}: final snapshot ${fixed(mb(result.fileBytes), 1)} MB, ${nodes} nodes, ${edges} edges`,
    `   Chrome capture s: baseline ${fixed(capture.baseline, 1)}, target ${fixed(capture.target, 1)}, ` +
      `final ${fixed(capture.final, 1)}`,
    `   ${''.padEnd(20)}${'DevTools'.padStart(17)}${'Leaks'.padStart(17)}`,
    ...rows.map(([name, a, b]) => `   ${name.padEnd(20)}${a.padStart(17)}${b.padStart(17)}`),
    `   DevTools phases s: ${devtools.runSeconds.length || devtools.error ? phases(d) : 'skipped (--devtools)'}`,
    `   Leaks phases s:    ${phases(l)}`,
    `   Leaks memory MB:   ${JSON.stringify(l?.memoryMegabytes ?? {}).replace(/"/g, '')}`,
    `   speedup ${fixed(figures.speedup)}× (CPU time ${fixed(figures.cpuSpeedup)}×); compare (3 snapshots) ${fixed(compare.median?.totalSeconds)} s = ` +
      `${fixed(figures.compareToAnalysis)}× one analysis (${phases(compare.median)})`,
    ...result.verdicts.map((v) => `   ${v.pass ? 'PASS' : 'FAIL'}  ${v.target}: ${v.detail}`),
  ];
  const busiest = Math.max(...[devtools, leaks, compare].map((m) => m.loadAverage ?? 0));
  if (busiest > os.cpus().length) {
    lines.push(
      `   NOTE  load average ${busiest.toFixed(1)} on ${os.cpus().length} CPUs: wall times are inflated`,
    );
  }
  for (const m of [devtools, leaks, compare])
    if (m.error) lines.push(`   ERROR ${m.error.split('\n').slice(0, 6).join('\n         ')}`);
  return lines.join('\n');
}
