import { stat } from 'node:fs/promises';
import path from 'node:path';
import { analyzeSnapshot, compareSnapshots } from '../core/index.ts';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../core/report/render.ts';
import { EXIT, UsageError } from './cli-errors.ts';
import { parseCommandArgs, writeAll, writeOutputFile, type CliIo } from './cli-io.ts';
import { createProgressReporter } from './progress.ts';
import { readSnapshotFile } from './read-snapshot.ts';
import { mayOverlapReaders, readDigestsInWorker } from './read-in-worker.ts';

export const COMPARE_HELP = `Usage: leaks compare <baseline> <target> [final] [options]

Compares heap snapshots taken before, during and after an action that should free what it allocated.
Leak candidates are objects allocated after the baseline, present in the target and still alive in the last
snapshot. With two files the second is both target and final.

Options:
  --format json|html|md  Report format (default: json, or from the --out extension)
  --out FILE             Write the report to FILE instead of stdout (.json, .html, .md)
  --fail-on-leak         Exit with 1 when the report has at least one leak cluster
  --include-strings      Show heap string values in chains and samples (may contain personal data)
  --progress             Show progress on stderr even when it is not a terminal
  -h, --help             Show this help

Snapshots may be gzipped. Exit codes: 0 ok, 1 leaks found (--fail-on-leak), 2 bad usage or input, 3 internal error.
`;

const OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  'fail-on-leak': { type: 'boolean' },
  'include-strings': { type: 'boolean' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const EXTENSION_FORMATS: Record<string, ReportFormat> = {
  '.json': 'json',
  '.html': 'html',
  '.htm': 'html',
  '.md': 'md',
};

/** --format wins; else the --out extension; else JSON. */
export function chooseFormat(format: string | undefined, out: string | undefined): ReportFormat {
  if (format !== undefined) {
    if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}"`);
  }
  if (out === undefined) return 'json';
  const inferred = EXTENSION_FORMATS[path.extname(out).toLowerCase()];
  if (inferred) return inferred;
  throw new UsageError(`cannot tell the format from "${path.basename(out)}": add --format json|html|md`);
}

export async function runCompare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'compare');
  if (values.help) {
    await writeAll(io.stdout, COMPARE_HELP);
    return EXIT.ok;
  }
  if (positionals.length < 2 || positionals.length > 3) {
    throw new UsageError('leaks compare <baseline> <target> [final] (see leaks compare --help)');
  }
  const format = chooseFormat(values.format, values.out);
  const progress = createProgressReporter(io.stderr, values.progress === true);
  const files = positionals;
  const labels = files.map((file) => path.basename(file));

  // Only the last snapshot needs edges and a full analysis; earlier ones are only looked up by object id. They are
  // read on a second thread while this one reads and analyses the last (the comparison takes about as long as
  // the last snapshot alone on two cores), and only their digests come back.
  // The baseline's digest keeps classes and sizes for the class comparison; the target's only its ids.
  const earlierFiles = files
    .slice(0, -1)
    .map((file, index) => ({ file, label: labels[index]!, classes: index === 0 }));
  const earlierRead = readDigestsInWorker(earlierFiles, { progress });
  // Settled below; this only keeps a failure of the last file from leaving it unobserved.
  earlierRead.catch(() => {});
  const lastFile = files[files.length - 1]!;
  const lastLabel = labels[labels.length - 1]!;
  const last = await readSnapshotFile(lastFile, { mode: 'full', label: lastLabel, progress });
  // The analysis is the memory peak: on big files it waits until the reader threads are gone.
  if (!mayOverlapReaders((await stat(lastFile)).size)) await earlierRead;
  const final = analyzeSnapshot(last, {
    classAggregates: false,
    onProgress: (phase) => progress.phase(`analyzing ${lastLabel} (${phase} done)`),
  });
  const earlier = await earlierRead;
  progress.phase('comparing snapshots');
  const report = compareSnapshots({
    baseline: earlier[0]!,
    target: earlier[1],
    final,
    // With two files the engine reports the second as the target (it is target and final at once).
    labels: { baseline: labels[0], target: labels[1], final: lastLabel },
    includeStringValues: values['include-strings'] === true,
  });
  const text = renderReport(report, format);
  progress.done();

  if (values.out === undefined) await writeAll(io.stdout, text);
  else await writeOutputFile(values.out, text);
  if (io.stderr.isTTY && values.out !== undefined) {
    const clusters = report.summary.leakClusters;
    await writeAll(
      io.stderr,
      `leaks: wrote ${values.out} (${clusters} leak cluster${clusters === 1 ? '' : 's'})\n`,
    );
  }
  return values['fail-on-leak'] && report.summary.leakClusters > 0 ? EXIT.leaksFound : EXIT.ok;
}
