import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../../test/support/fixture-snapshots.ts';
import { runLeaks, stderrLines } from './run-cli-process.ts';

/** Usage and input errors: exit 2 and ONE line on stderr that names the file and says what is wrong. */

let dir = '';
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leaks-cli-'));
  const snapshot = readFileSync(fixtureSnapshot('clean-control', 'final'));
  writeFileSync(file('final.heapsnapshot'), snapshot);
  writeFileSync(file('final.heapsnapshot.gz'), gzipSync(snapshot));
  writeFileSync(file('truncated-end.heapsnapshot'), snapshot.subarray(0, snapshot.length - 300));
  writeFileSync(file('truncated-start.heapsnapshot'), snapshot.subarray(0, 100_000));
  writeFileSync(file('truncated.heapsnapshot.gz'), gzipSync(snapshot).subarray(0, 50_000));
  writeFileSync(file('settings.json'), '{"editor.tabSize": 2, "files": ["a", "b"]}\n');
  writeFileSync(file('empty.heapsnapshot'), '');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expectOneLineFailure(args: string[], pattern: RegExp): Promise<string> {
  const run = await runLeaks(args);
  expect(run.exitCode).toBe(2);
  expect(run.stdout).toBe('');
  const lines = stderrLines(run);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  return lines[0]!;
}

describe('leaks usage', () => {
  it('prints help and the version', async () => {
    const help = await runLeaks(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: leaks <command>/);
    const compareHelp = await runLeaks(['compare', '--help']);
    expect(compareHelp.stdout).toMatch(/^Usage: leaks compare <baseline> <target> \[final\]/);
    const summaryHelp = await runLeaks(['summary', '-h']);
    expect(summaryHelp.stdout).toMatch(/^Usage: leaks summary <file>/);
    const version = await runLeaks(['--version']);
    const { version: expected } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(version).toEqual({ exitCode: 0, stdout: `${expected}\n`, stderr: '' });
  });

  it('rejects unknown commands, options and missing arguments', async () => {
    await expectOneLineFailure([], /^leaks: usage: leaks <compare\|summary\|browser\|relay>/);
    await expectOneLineFailure(['frobnicate'], /^leaks: usage: unknown command "frobnicate"/);
    await expectOneLineFailure(['compare', 'a'], /^leaks: usage: leaks compare <baseline> <target>/);
    await expectOneLineFailure(['compare', '--bogus', 'a', 'b'], /^leaks: usage: Unknown option '--bogus'/);
    await expectOneLineFailure(
      ['compare', '--format', 'pdf', 'a', 'b'],
      /^leaks: usage: --format must be one of/,
    );
    await expectOneLineFailure(
      ['compare', 'a', 'b', '--out', 'r.txt'],
      /cannot tell the format from "r.txt"/,
    );
    await expectOneLineFailure(
      ['summary', file('final.heapsnapshot'), '--top', '0'],
      /--top must be a whole/,
    );
  });
});

describe('leaks with bad input files', () => {
  it('names a missing file', async () => {
    await expectOneLineFailure(
      ['summary', file('nope.heapsnapshot')],
      /^leaks: .*nope\.heapsnapshot: no such file$/,
    );
    const compare = ['compare', file('final.heapsnapshot'), file('gone.heapsnapshot')];
    await expectOneLineFailure(compare, /gone\.heapsnapshot: no such file$/);
  });

  it('says a JSON file that is not a snapshot is not one, with the byte offset', async () => {
    await expectOneLineFailure(
      ['summary', file('settings.json')],
      /settings\.json: .*not a heap snapshot.* \(at byte \d+\)$/,
    );
    await expectOneLineFailure(
      ['summary', file('empty.heapsnapshot')],
      /empty\.heapsnapshot: .*empty.* \(at byte 0\)$/,
    );
    // The baseline of a comparison is read on a worker thread: its error must come back just the same.
    await expectOneLineFailure(
      ['compare', file('settings.json'), file('final.heapsnapshot')],
      /settings\.json: .*not a heap snapshot.* \(at byte \d+\)$/,
    );
  });

  it('reports truncated files with where the data stopped', async () => {
    const end = await expectOneLineFailure(
      ['summary', file('truncated-end.heapsnapshot')],
      /truncated-end\.heapsnapshot: .* \(at byte \d+\)$/,
    );
    expect(end).toMatch(/truncated|ended/);
    await expectOneLineFailure(['summary', file('truncated-start.heapsnapshot')], /\(at byte \d+\)$/);
    await expectOneLineFailure(
      ['summary', file('truncated.heapsnapshot.gz')],
      /\.gz: gzip data is truncated/,
    );
  });

  it('reads a gzipped snapshot exactly like the plain file', async () => {
    const plain = await runLeaks(['summary', file('final.heapsnapshot'), '--json', '--top', '5']);
    const gzipped = await runLeaks(['summary', file('final.heapsnapshot.gz'), '--json', '--top', '5']);
    expect(plain.exitCode).toBe(0);
    expect(gzipped.exitCode).toBe(0);
    const withoutTimingsOrLabel = (text: string) => ({
      ...JSON.parse(text),
      timings: undefined,
      label: undefined,
    });
    expect(withoutTimingsOrLabel(gzipped.stdout)).toEqual(withoutTimingsOrLabel(plain.stdout));
    expect(JSON.parse(gzipped.stdout).nodeCount).toBeGreaterThan(1_000);
  });
});
