import fs from 'node:fs';

/**
 * CPU time of Chromium's processes, read from /proc (Linux only; elsewhere `readChromiumCpu` returns an empty
 * map): where the two cores of a capture go — the page's renderer serializing the snapshot, the browser process
 * forwarding it, the extension's renderer (the panel and its worker) parsing and analyzing it.
 */
export type CpuByProcess = Map<string, number>;

const TICKS_PER_SECOND = 100;

/** Seconds of CPU (user + system, all threads) per process kind, for the browser `browserPid` and its children. */
export function readChromiumCpu(browserPid: number, processes?: readonly ChromiumProcess[]): CpuByProcess {
  return sumByKind(browserPid, (_pid, stat) => stat.ticks / TICKS_PER_SECOND, processes);
}

/** Resident memory in MB per process kind, for the browser `browserPid` and its children (VmRSS). */
export function readChromiumMemory(browserPid: number): Map<string, number> {
  return sumByKind(browserPid, (pid) => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  });
}

/**
 * Seconds a process's main thread spent runnable but waiting for a core (schedstat's run delay), per process kind:
 * on two cores, how much of the page renderer's snapshot time — V8 serializes on the main thread — was lost to the
 * other threads and processes. The 'renderer' kind also holds the DevTools window's renderer, idle meanwhile.
 */
export function readChromiumRunDelay(
  browserPid: number,
  processes?: readonly ChromiumProcess[],
): Map<string, number> {
  return sumByKind(
    browserPid,
    (pid) => Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9,
    processes,
  );
}

/** `measure` of the browser and each of its descendants, summed per process kind; a process gone meanwhile is left out. */
function sumByKind(
  browserPid: number,
  measure: (pid: string, stat: { ppid: number; ticks: number }) => number,
  processes: readonly ChromiumProcess[] = chromiumProcesses(browserPid),
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const { pid, kind } of processes) {
    const stat = readStat(pid);
    if (!stat) continue;
    let value: number;
    try {
      value = measure(pid, stat);
    } catch {
      continue; // gone meanwhile
    }
    sums.set(kind, (sums.get(kind) ?? 0) + value);
  }
  return sums;
}

/** A process of the browser under measurement, with its kind (browser, renderer, extension renderer, …). */
export interface ChromiumProcess {
  pid: string;
  kind: string;
}

/** The browser `browserPid` and its descendants, each with its kind (a scan of every process in /proc). */
function chromiumProcesses(browserPid: number): ChromiumProcess[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const processes: ChromiumProcess[] = [];
  for (const pid of pids) {
    const stat = readStat(pid);
    if (!stat || (Number(pid) !== browserPid && !descendsFrom(stat.ppid, browserPid))) continue;
    processes.push({ pid, kind: Number(pid) === browserPid ? 'browser' : processKind(pid) });
  }
  return processes;
}

/** Seconds of CPU (user + system, all threads) of one process; 0 once it is gone. */
export function readProcessCpu(pid: number): number {
  return (readStat(String(pid))?.ticks ?? 0) / TICKS_PER_SECOND;
}

/** `after - before`, largest first, as `kind 1.23 s` parts. */
export function describeCpu(before: CpuByProcess, after: CpuByProcess): string {
  return [...after]
    .map(([kind, seconds]) => [kind, seconds - (before.get(kind) ?? 0)] as const)
    .filter(([, seconds]) => seconds >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, seconds]) => `${kind} ${seconds.toFixed(2)} s`)
    .join(', ');
}

function readStat(pid: string): { ppid: number; ticks: number } | undefined {
  try {
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ')' are fixed.
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // gone meanwhile
  }
}

function descendsFrom(ppid: number, ancestor: number): boolean {
  for (let pid = ppid, depth = 0; pid > 1 && depth < 8; depth++) {
    if (pid === ancestor) return true;
    pid = readStat(String(pid))?.ppid ?? 0;
  }
  return false;
}

/** Chromium rewrites its command line into one string: `--type=renderer … --extension-process …`. */
function processKind(pid: string): string {
  let commandLine: string;
  try {
    commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return 'other';
  }
  const type = /--type=(\S+)/.exec(commandLine)?.[1] ?? 'other';
  if (type === 'renderer')
    return commandLine.includes('--extension-process') ? 'extension renderer' : 'renderer';
  if (type === 'utility') return /--utility-sub-type=network/.test(commandLine) ? 'network' : 'utility';
  return type;
}

/** One reading of a CpuTimeline: CPU seconds per process kind and the main threads' run delay per kind. */
interface TimelineSample {
  at: number;
  cpu: CpuByProcess;
  delay: Map<string, number>;
}

/**
 * CPU and run delay per process kind, read every `intervalMs` until stopped, so a capture's seconds can be split
 * by phase (the heap walk, the serialization, the tail after the last chunk): the figures over a whole capture do
 * not say whether the panel's work competed with Chrome's serialization or ran after it. Stamped with Date.now(),
 * as the relay and the panel probe stamp their events. The processes are found once, at the start (a scan of
 * /proc every sample took ~1 s of CPU per capture, on the cores being measured); none start during a capture.
 */
export interface CpuTimeline {
  stop(): void;
  /** CPU and run delay per kind between two instants (the samples nearest before each). */
  between(from: number, to: number): { cpu: CpuByProcess; delay: Map<string, number> };
}

export function sampleCpuTimeline(browserPid: number, intervalMs = 40): CpuTimeline {
  const samples: TimelineSample[] = [];
  const processes = chromiumProcesses(browserPid);
  const read = (): void => {
    samples.push({
      at: Date.now(),
      cpu: readChromiumCpu(browserPid, processes),
      delay: readChromiumRunDelay(browserPid, processes),
    });
  };
  read();
  const timer = setInterval(read, intervalMs);
  const at = (instant: number): TimelineSample => {
    let found = samples[0]!;
    for (const sample of samples) if (sample.at <= instant) found = sample;
    return found;
  };
  const difference = (after: Map<string, number>, before: Map<string, number>) =>
    new Map([...after].map(([kind, value]) => [kind, value - (before.get(kind) ?? 0)] as const));
  return {
    stop: () => {
      clearInterval(timer);
      read();
    },
    between(from, to) {
      const start = at(from);
      const end = at(to);
      return { cpu: difference(end.cpu, start.cpu), delay: difference(end.delay, start.delay) };
    },
  };
}
