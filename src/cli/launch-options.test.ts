import { describe, expect, it } from 'vitest';
import { chromeFlags } from './launch-chrome.ts';
import { LaunchUsageError, parseLaunchArgs } from './launch-options.ts';

describe('parseLaunchArgs', () => {
  it('reads url, flags and port', () => {
    expect(parseLaunchArgs(['example.com', '--port', '9333', '--headless'])).toEqual({
      url: 'https://example.com',
      port: 9333,
      headless: true,
      demo: false,
      build: true,
    });
    expect(parseLaunchArgs(['--demo', '--port=9444', '--no-build'])).toMatchObject({
      demo: true,
      port: 9444,
      build: false,
    });
    expect(parseLaunchArgs(['localhost:3000/app']).url).toBe('http://localhost:3000/app');
    expect(parseLaunchArgs(['http://127.0.0.1:8080/']).url).toBe('http://127.0.0.1:8080/');
    expect(parseLaunchArgs(['about:blank']).url).toBe('about:blank');
  });

  it('rejects bad input with a usage error', () => {
    expect(() => parseLaunchArgs(['--port', 'x'])).toThrow(LaunchUsageError);
    expect(() => parseLaunchArgs(['--port'])).toThrow(/port number/);
    expect(() => parseLaunchArgs(['--frobnicate'])).toThrow(/Unknown option/);
    expect(() => parseLaunchArgs(['a.com', 'b.com'])).toThrow(/One url only/);
  });
});

describe('chromeFlags', () => {
  const input = {
    extensionDir: '/x/dist',
    port: 9333,
    profileDir: '/tmp/p',
    headless: false,
    url: 'http://127.0.0.1:1/',
  };

  it('loads only our extension, opens the port to no page origin, and ends with the url', () => {
    const flags = chromeFlags({ ...input, runningAsRoot: false });
    expect(flags).toContain('--load-extension=/x/dist');
    expect(flags).toContain('--disable-extensions-except=/x/dist');
    expect(flags.some((flag) => flag.startsWith('--remote-allow-origins'))).toBe(false);
    expect(flags).toContain('--remote-debugging-port=9333');
    expect(flags).toContain('--auto-open-devtools-for-tabs');
    expect(flags).not.toContain('--no-sandbox');
    expect(flags).not.toContain('--headless');
    expect(flags.at(-1)).toBe('http://127.0.0.1:1/');
  });

  it('drops the sandbox only for root, and adds headless on request', () => {
    const flags = chromeFlags({ ...input, runningAsRoot: true, headless: true });
    expect(flags).toContain('--no-sandbox');
    expect(flags).toContain('--headless');
  });
});
