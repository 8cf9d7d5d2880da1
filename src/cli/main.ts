import { readFile } from 'node:fs/promises';
import { describeFailure, EXIT, UsageError } from './cli-errors.ts';
import { writeAll, type CliIo } from './cli-io.ts';

export const MAIN_HELP = `Usage: leaks <command> [options]

Finds memory leaks in web apps by comparing V8 heap snapshots (.heapsnapshot, optionally gzipped).

Commands:
  compare <baseline> <target> [final]  Report objects that leaked between snapshots (JSON, HTML or Markdown)
  summary <file>                       Analyze one snapshot: sizes, listeners, detached DOM, top retainers
  browser [url] [--demo]               Open Chromium with the Leaks extension, ready for full heap snapshots
  relay [--chrome-port N]              Serve the panel a Chrome you started with --remote-debugging-port

Options:
  -h, --help     Show help (also: leaks <command> --help)
  -v, --version  Show the version

Examples:
  leaks compare before.heapsnapshot after.heapsnapshot final.heapsnapshot --out report.html
  leaks compare a.heapsnapshot b.heapsnapshot --format md --fail-on-leak > leaks.md
  leaks summary page.heapsnapshot.gz --top 10
`;

async function packageVersion(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      throw new UsageError('leaks <compare|summary|browser|relay> [options] (see leaks --help)');
    case '-h':
    case '--help':
    case 'help':
      await writeAll(io.stdout, MAIN_HELP);
      return EXIT.ok;
    case '-v':
    case '--version':
      await writeAll(io.stdout, `${await packageVersion()}\n`);
      return EXIT.ok;
    case 'compare':
      // Commands load the engine lazily, so --help and --version answer at once.
      return (await import('./compare-command.ts')).runCompare(rest, io);
    case 'summary':
      return (await import('./summary-command.ts')).runSummary(rest, io);
    case 'browser':
      return (await import('./browser.ts')).runBrowser(rest);
    case 'relay':
      return (await import('./relay-command.ts')).runRelay(rest);
    default:
      throw new UsageError(`unknown command "${command}" (see leaks --help)`);
  }
}

/** The `leaks` command (bin/leaks.js): returns the exit code instead of exiting, so output can drain. */
export async function main(argv: string[]): Promise<number> {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
  // A reader that stops early (`leaks compare … | head`) closes the pipe; that is not a failure of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    return await runCommand(argv, io);
  } catch (error) {
    const { message, exitCode } = describeFailure(error);
    await writeAll(io.stderr, message);
    return exitCode;
  }
}
