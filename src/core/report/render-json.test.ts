import { describe, expect, it } from 'vitest';
import schemaDocument from '../../../docs/report.schema.json' with { type: 'json' };
import { validateJsonSchema, type JsonSchema } from './json-schema-subset.ts';
import type { LeakReport } from './model.ts';
import { renderJsonReport } from './render-json.ts';
import { hostileLeakReport, sampleLeakReport } from './sample-report.ts';

const schema = schemaDocument as JsonSchema;

/** Reverses the key order of every object, as a producer that builds objects differently might. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, child]) => [key, reverseKeys(child)]),
  );
}

/** Walks a value next to its schema and collects every object whose keys are out of the schema's order. */
function keyOrderProblems(node: JsonSchema, value: unknown, path = ''): string[] {
  const resolved =
    typeof node.$ref === 'string' ? (schema.$defs as Record<string, JsonSchema>)[node.$ref.slice(8)]! : node;
  if (Array.isArray(value))
    return value.flatMap((item, i) => keyOrderProblems(resolved.items as JsonSchema, item, `${path}/${i}`));
  if (typeof value !== 'object' || value === null || !resolved.properties) return [];
  const properties = resolved.properties as Record<string, JsonSchema>;
  const expected = Object.keys(properties).filter((key) => key in value);
  const problems =
    expected.join() === Object.keys(value).join() ? [] : [`${path || '/'}: ${Object.keys(value).join()}`];
  return problems.concat(
    Object.entries(value).flatMap(([key, child]) =>
      keyOrderProblems(properties[key]!, child, `${path}/${key}`),
    ),
  );
}

describe('renderJsonReport', () => {
  it('writes valid JSON with a final newline that round-trips to the same report', () => {
    const report = sampleLeakReport();
    const json = renderJsonReport(report);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(report);
  });

  it('conforms to docs/report.schema.json', () => {
    for (const report of [sampleLeakReport(), hostileLeakReport()]) {
      expect(validateJsonSchema(schema, JSON.parse(renderJsonReport(report)))).toEqual([]);
    }
  });

  it("writes keys in the schema's (the model's) order, whatever order the producer used", () => {
    const report = sampleLeakReport();
    const shuffled = reverseKeys(report) as LeakReport;
    const json = renderJsonReport(shuffled);
    expect(json).toBe(renderJsonReport(report));
    expect(keyOrderProblems(schema, JSON.parse(json))).toEqual([]);
  });

  it('keeps keys the model does not know, after the known ones', () => {
    const report = { ...sampleLeakReport(), experimental: true } as LeakReport;
    const keys = Object.keys(JSON.parse(renderJsonReport(report)));
    expect(keys[keys.length - 1]).toBe('experimental');
  });
});

describe('docs/report.schema.json', () => {
  it('says what is wrong with a report that breaks it', () => {
    const broken = JSON.parse(renderJsonReport(sampleLeakReport()));
    broken.schemaVersion = 2;
    delete broken.summary.heapDelta;
    broken.leaks[0].kind = 'mystery';
    broken.leaks[0].readableChain[0].location = { scriptId: 1, line: -1, column: 0 };
    broken.classes[0].surprise = 1;
    expect(validateJsonSchema(schema, broken).map((violation) => violation.path)).toEqual([
      '/schemaVersion',
      '/summary',
      '/leaks/0/kind',
      '/leaks/0/readableChain/0/location/line',
      '/classes/0/surprise',
    ]);
  });
});
