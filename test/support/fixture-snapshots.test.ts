import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURE_EXPECTATIONS, NODE_PROCESS_EXPECTATION } from '../../e2e/fixtures/expectations.ts';
import { fixtureSnapshot } from './fixture-snapshots.ts';

/**
 * Checks the generated fixture snapshots against the known answers in e2e/fixtures/expectations.ts with a
 * deliberately naive reader (JSON.parse, fine at ~4 MB), independent of the engine under test.
 */
interface NaiveSnapshot {
  countByName(predicate: (name: string, type: string, detachedness: number) => boolean): number;
}

function readNaive(path: string): NaiveSnapshot {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = raw.snapshot.meta.node_fields;
  const [typeAt, nameAt, detachedAt] = ['type', 'name', 'detachedness'].map((f) => fields.indexOf(f));
  const typeNames = raw.snapshot.meta.node_types[0];
  return {
    countByName(predicate) {
      let count = 0;
      for (let i = 0; i < raw.nodes.length; i += fields.length) {
        const name = raw.strings[raw.nodes[i + nameAt!]!]!;
        if (predicate(name, typeNames[raw.nodes[i + typeAt!]!]!, raw.nodes[i + detachedAt!]!)) count++;
      }
      return count;
    },
  };
}

const isDetachedElement = (name: string, _type: string, detachedness: number): boolean =>
  detachedness === 2 && name.startsWith('<');
const isListener = (name: string): boolean => name === 'V8EventListener';

describe.each(FIXTURE_EXPECTATIONS)('fixture snapshots of $page', (fixture) => {
  const baseline = readNaive(fixtureSnapshot(fixture.page, 'baseline'));
  const final = readNaive(fixtureSnapshot(fixture.page, 'final'));

  it('leave exactly the expected detached elements after undo', () => {
    expect(baseline.countByName(isDetachedElement)).toBe(0);
    expect(final.countByName(isDetachedElement)).toBe(fixture.detachedElementsPerCycle);
    if (fixture.detachedRoot) {
      const root = fixture.detachedRoot;
      expect(final.countByName((name, _t, detachedness) => name === root && detachedness === 2)).toBe(1);
    }
  });

  it('leave the expected V8EventListener delta after undo', () => {
    const delta = final.countByName(isListener) - baseline.countByName(isListener);
    expect(delta).toBe(fixture.v8EventListenersPerCycle);
  });
});

describe('Node.js process snapshot', () => {
  it('holds the known object graph', () => {
    const { className, entryClassName, entryCount } = NODE_PROCESS_EXPECTATION;
    const snapshot = readNaive(fixtureSnapshot('node', 'process'));
    expect(snapshot.countByName((name, type) => name === className && type === 'object')).toBe(1);
    expect(snapshot.countByName((name, type) => name === entryClassName && type === 'object')).toBe(
      entryCount,
    );
  });
});

describe('fixtureSnapshot', () => {
  it('names the missing file and how to make it', () => {
    expect(() => fixtureSnapshot('no-such-page' as 'demo-app', 'final')).toThrow(/missing.*global-setup/s);
  });
});
