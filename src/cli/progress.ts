/**
 * Progress on stderr: a self-rewriting line when stderr is a terminal, plain lines (phases and every 10%) when
 * the user asked with --progress but stderr is a file or pipe, and nothing at all otherwise, so scripts and CI
 * logs stay clean.
 */
export interface ProgressReporter {
  /** Bytes of the current file read so far (`total` is the file size). */
  bytes(label: string, read: number, total: number): void;
  /** A phase began, e.g. `analyzing final.heapsnapshot: dominators`. */
  phase(text: string): void;
  /** Clears the progress line before normal output. */
  done(): void;
}

export interface ProgressTarget {
  write(text: string): unknown;
  isTTY?: boolean;
}

const SILENT: ProgressReporter = { bytes() {}, phase() {}, done() {} };

/** Minimum time between two redraws of the terminal line. */
const REDRAW_MS = 100;

export function createProgressReporter(target: ProgressTarget, forced: boolean): ProgressReporter {
  if (target.isTTY) return terminalProgress(target);
  return forced ? lineProgress(target) : SILENT;
}

function percent(read: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((read / total) * 100)) : 0;
}

function terminalProgress(target: ProgressTarget): ProgressReporter {
  let lastDraw = 0;
  let shown = false;
  const draw = (text: string, force: boolean) => {
    const now = Date.now();
    if (!force && now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    shown = true;
    // \r + erase line: rewrite in place. Cut to the terminal width so the line never wraps.
    const width = (target as { columns?: number }).columns || 80;
    target.write(`\r\x1b[K${text.slice(0, Math.max(10, width - 1))}`);
  };
  return {
    bytes: (label, read, total) => draw(`leaks: reading ${label} ${percent(read, total)}%`, read >= total),
    phase: (text) => draw(`leaks: ${text}`, true),
    done: () => {
      if (shown) target.write('\r\x1b[K');
      shown = false;
    },
  };
}

function lineProgress(target: ProgressTarget): ProgressReporter {
  let lastLabel = '';
  let lastStep = -1;
  return {
    bytes: (label, read, total) => {
      const step = Math.floor(percent(read, total) / 10);
      if (label === lastLabel && step === lastStep) return;
      lastLabel = label;
      lastStep = step;
      target.write(`leaks: reading ${label} ${step * 10}%\n`);
    },
    phase: (text) => target.write(`leaks: ${text}\n`),
    done: () => {},
  };
}
