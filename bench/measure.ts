/**
 * Runs one measurement per child process (so peak RSS is its own) and keeps the median run by total time.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { resultMarker } from './child-report.ts';
import { repoDir } from './node-bundle.ts';

export interface RunResult {
  tool: string;
  totalSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  rssBeforeLoadBytes: number;
  phases: Record<string, number>;
  nodeCount?: number;
  edgeCount?: number;
  fileBytes?: number;
  [extra: string]: unknown;
}

export interface Measurement {
  /** The median run (by total time); undefined when a run crashed. */
  median?: RunResult;
  runSeconds: number[];
  /** Highest 1-minute load average seen before a run: other work on the machine skews wall times. */
  loadAverage?: number;
  error?: string;
}

/** Same V8 heap ceiling for both tools, so neither is cut short by Node's default old-space limit. */
const childHeapMegabytes = 20_000;

/** `runner` is a bundled runner (.mjs, see node-bundle.ts), run by plain node. */
function runOnce(runner: string, args: string[]): Promise<RunResult> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', `--max-old-space-size=${childHeapMegabytes}`, runner, ...args],
    { cwd: repoDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  // DevTools prints long "unreachable nodes" reports to stderr; keep only the tail for crash messages.
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(resultMarker));
      if (code === 0 && line) {
        resolve(JSON.parse(line.slice(resultMarker.length)) as RunResult);
      } else {
        reject(
          new Error(`${path.basename(runner)} ${args.join(' ')} exited ${code ?? signal}\n${stderr.trim()}`),
        );
      }
    });
  });
}

export interface Job {
  readonly runner: string;
  readonly args: string[];
}

/**
 * Runs every job `runs` times, interleaved (A B C, A B C, …) so that load from other work on the machine falls on
 * all tools alike; a job that crashes is not run again.
 */
export async function measureInterleaved<K extends string>(
  jobs: Record<K, Job | undefined>,
  runs: number,
): Promise<Record<K, Measurement>> {
  const names = Object.keys(jobs) as K[];
  const results = new Map<K, RunResult[]>(names.map((name) => [name, []]));
  const errors = new Map<K, string>();
  const loadAverages = new Map<K, number>();
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const job = jobs[name];
      if (!job || errors.has(name)) continue;
      loadAverages.set(name, Math.max(loadAverages.get(name) ?? 0, os.loadavg()[0]));
      try {
        results.get(name)!.push(await runOnce(job.runner, job.args));
      } catch (error) {
        errors.set(name, String(error));
      }
    }
  }
  const measurements = {} as Record<K, Measurement>;
  for (const name of names) {
    const runsOfJob = results.get(name)!;
    const sorted = [...runsOfJob].sort((a, b) => a.totalSeconds - b.totalSeconds);
    measurements[name] = {
      median: errors.has(name) ? undefined : sorted[Math.floor((sorted.length - 1) / 2)],
      runSeconds: runsOfJob.map((r) => r.totalSeconds),
      loadAverage: loadAverages.get(name),
      error: errors.get(name),
    };
  }
  return measurements;
}
