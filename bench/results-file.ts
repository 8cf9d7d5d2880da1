/**
 * .cache/bench/results.json: the latest result per snapshot size. A run with --sizes=600 replaces the 600 MB entry
 * and keeps the others, so separate invocations add up to one report.
 */
import fs from 'node:fs';
import os from 'node:os';
import { targets } from './report.ts';
import type { SnapshotResult } from './report.ts';

interface ResultsFile {
  generatedAt: string;
  machine: { cpus: number; memoryBytes: number; node: string };
  targets: typeof targets;
  results: (SnapshotResult & { measuredAt?: string })[];
}

export function writeResults(file: string, fresh: SnapshotResult[]): void {
  const now = new Date().toISOString();
  const previous = readResults(file)?.results ?? [];
  const freshKeys = new Set(fresh.map((r) => r.key));
  const results = [
    ...previous.filter((r) => !freshKeys.has(r.key)),
    ...fresh.map((r) => ({ ...r, measuredAt: now })),
  ];
  const content: ResultsFile = {
    generatedAt: now,
    machine: { cpus: os.cpus().length, memoryBytes: os.totalmem(), node: process.version },
    targets,
    results,
  };
  fs.writeFileSync(file, JSON.stringify(content, null, 2));
}

function readResults(file: string): ResultsFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsFile;
  } catch {
    return undefined;
  }
}
