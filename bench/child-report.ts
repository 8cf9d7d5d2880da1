/**
 * The child side of a measurement: every runner prints exactly one `BENCH_RESULT <json>` line on stdout, with its
 * own peak RSS, so the parent never mixes its memory with the measured work.
 */
import fs from 'node:fs';

export const resultMarker = 'BENCH_RESULT ';

/** Peak resident set of this process (all threads) in bytes: VmHWM when /proc has it, else maxRSS. */
export function peakRssBytes(): number {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through to the portable figure.
  }
  return process.resourceUsage().maxRSS * 1024;
}

export function currentRssBytes(): number {
  return process.memoryUsage.rss();
}

/** Where memory sits at a point in time (MB): JS heap vs typed-array buffers vs the whole process. */
export function memoryPoint(): { rss: number; heapUsed: number; arrayBuffers: number } {
  const usage = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
  return { rss: mb(usage.rss), heapUsed: mb(usage.heapUsed), arrayBuffers: mb(usage.arrayBuffers) };
}

export function reportResult(result: object): void {
  process.stdout.write(`${resultMarker}${JSON.stringify({ ...result, peakRssBytes: peakRssBytes() })}\n`);
}

/** CPU seconds (user + system, all threads of this process) since `start`: robust to a busy machine. */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

/** Runs a child's main function; a crash becomes a non-zero exit with the stack on stderr. */
export function runChild(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
