import { describe, expect, it } from 'vitest';
import { sampleLeakReport } from '../../core/report/sample-report.ts';
import { hintsName, unnamedListenerLocations } from './listener-hints.ts';

const onResize = { scriptId: 7, line: 41, column: 9 };
const onScroll = { scriptId: 7, url: 'http://127.0.0.1:8080/app.js', line: 50, column: 2 };

describe('which listeners a report leaves unnamed', () => {
  it('is nothing when every listener has its type: no inventory is read', () => {
    expect(unnamedListenerLocations(sampleLeakReport()).size).toBe(0);
  });

  it('takes untyped listener steps and added listeners, by handler location', () => {
    const report = sampleLeakReport();
    report.leaks[1]!.readableChain[1] = {
      kind: 'listener',
      text: 'event listener on Window',
      location: onScroll,
    };
    delete report.listeners.added[0]!.type;
    expect([...unnamedListenerLocations(report)].sort()).toEqual(['7:41:9', '7:50:2']);
  });

  it('counts an inventory only when it names one of them', () => {
    const wanted = new Set(['7:41:9']);
    const hint = (location: typeof onResize) => ({ handlerLocation: location, type: 'resize' });
    expect(hintsName([hint({ ...onResize, line: 40 })], wanted)).toBe(false);
    expect(hintsName([hint({ ...onResize, line: 40 }), hint(onResize)], wanted)).toBe(true);
  });
});
