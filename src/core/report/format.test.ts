import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatBytesDelta,
  formatCount,
  formatCountDelta,
  formatLocation,
  formatLocationFile,
  formatLocationFull,
  formatReportDate,
  truncate,
  urlBasename,
} from './format.ts';

describe('formatBytes', () => {
  it('steps through B, kB and MB like DevTools', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_000)).toBe('1.0 kB');
    expect(formatBytes(1_234)).toBe('1.2 kB');
    expect(formatBytes(340_000)).toBe('340 kB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(345_600_000)).toBe('346 MB');
  });

  it('never shows "100.0 kB" or "1000 kB" at a unit boundary', () => {
    expect(formatBytes(99_960)).toBe('100 kB');
    expect(formatBytes(999_600)).toBe('1.0 MB');
    expect(formatBytes(99_960_000)).toBe('100 MB');
  });

  it('keeps the sign of deltas', () => {
    expect(formatBytes(-340_000)).toBe('-340 kB');
    expect(formatBytesDelta(1_500)).toBe('+1.5 kB');
    expect(formatBytesDelta(-12)).toBe('-12 B');
    expect(formatBytesDelta(0)).toBe('0 B');
  });
});

describe('formatCount', () => {
  it('groups thousands whatever the host locale', () => {
    expect(formatCount(7)).toBe('7');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-1_000)).toBe('-1,000');
    expect(formatCountDelta(3)).toBe('+3');
    expect(formatCountDelta(-3)).toBe('-3');
  });
});

describe('formatLocation', () => {
  it('is 1-based', () => {
    expect(formatLocation({ scriptId: 3, url: 'page.html', line: 9, column: 41 })).toBe('page.html:10:42');
  });

  it('names unnamed scripts by id', () => {
    expect(formatLocation({ scriptId: 17, line: 0, column: 0 })).toBe('script 17:1:1');
  });

  it('shortens long URLs to their basename but keeps them in the full form', () => {
    const url = 'https://cdn.example.com/assets/build/2025/11/app-3f9a1c.bundle.js?v=12#frag';
    const location = { scriptId: 1, url, line: 0, column: 4 };
    expect(formatLocation(location)).toBe('app-3f9a1c.bundle.js:1:5');
    expect(formatLocationFull(location)).toBe(`${url}:1:5`);
    expect(formatLocation({ ...location, url: 'http://127.0.0.1:8080/app.js' })).toBe(
      'http://127.0.0.1:8080/app.js:1:5',
    );
  });

  it('gives only the file for chain steps, however short the URL', () => {
    const location = { scriptId: 1, url: 'http://127.0.0.1:8080/app.js?v=2', line: 0, column: 4 };
    expect(formatLocationFile(location)).toBe('app.js:1:5');
    expect(formatLocationFile({ scriptId: 9, url: '', line: 2, column: 0 })).toBe('script 9:3:1');
  });

  it('keeps a URL without a usable path segment whole', () => {
    expect(urlBasename('https://example.com/')).toBe('example.com');
    expect(urlBasename('javascript:')).toBe('javascript:');
  });
});

describe('truncate', () => {
  it('cuts at a code point boundary and marks the cut', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    const emoji = '😀'.repeat(10);
    expect(truncate(emoji, 10)).toBe(emoji);
    expect(truncate(emoji, 4)).toBe('😀😀😀…');
  });

  it('handles megabyte strings without splitting all of them', () => {
    expect(truncate('x'.repeat(5_000_000), 8)).toBe('xxxxxxx…');
  });
});

describe('formatReportDate', () => {
  it('shows minutes in UTC', () => {
    expect(formatReportDate('2025-11-25T09:05:31.123Z')).toBe('2025-11-25 09:05 UTC');
    expect(formatReportDate('not a date')).toBe('not a date');
  });
});
