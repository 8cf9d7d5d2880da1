import path from 'node:path';
import { analyzeSnapshot, summarizeSnapshot } from '../core/index.ts';
import { EXIT, UsageError } from './cli-errors.ts';
import { parseCommandArgs, writeAll, type CliIo } from './cli-io.ts';
import { createProgressReporter } from './progress.ts';
import { readSnapshotFile } from './read-snapshot.ts';
import { renderSummaryText } from './summary-text.ts';

export const SUMMARY_HELP = `Usage: leaks summary <file> [options]

Analyzes one heap snapshot: node and edge counts, total size, JS event listeners, detached elements and trees,
the objects and classes retaining the most memory, and how long each analysis phase took.

Options:
  --json             Print the summary as JSON (SnapshotSummaryReport, schemaVersion 1)
  --top N            How many retainers and classes to list (default: 20)
  --include-strings  Show heap string values in names (may contain personal data)
  --progress         Show progress on stderr even when it is not a terminal
  -h, --help         Show this help

The file may be gzipped. Exit codes: 0 ok, 2 bad usage or input, 3 internal error.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  top: { type: 'string' },
  'include-strings': { type: 'boolean' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const DEFAULT_TOP = 20;

function parseTop(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TOP;
  const top = Number(value);
  if (!/^\d+$/.test(value) || top < 1 || top > 10_000) {
    throw new UsageError(`--top must be a whole number from 1 to 10000, not "${value}"`);
  }
  return top;
}

export async function runSummary(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'summary');
  if (values.help) {
    await writeAll(io.stdout, SUMMARY_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('leaks summary <file> (see leaks summary --help)');
  const top = parseTop(values.top);
  const file = positionals[0]!;
  const label = path.basename(file);
  const progress = createProgressReporter(io.stderr, values.progress === true);

  const snapshot = await readSnapshotFile(file, { mode: 'full', label, progress });
  const analysis = analyzeSnapshot(snapshot, {
    onProgress: (phase) => progress.phase(`analyzing ${label} (${phase} done)`),
  });
  const summary = summarizeSnapshot(analysis, {
    label,
    top,
    includeStringValues: values['include-strings'] === true,
  });
  progress.done();
  await writeAll(
    io.stdout,
    values.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummaryText(summary),
  );
  return EXIT.ok;
}
