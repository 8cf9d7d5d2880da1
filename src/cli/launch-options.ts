/**
 * `leaks browser [url] [--demo] [--port N] [--headless] [--no-build]`: the options and how to read them.
 */
export interface LaunchOptions {
  /** Page to open; ignored with `demo`. Defaults to about:blank. */
  url?: string;
  /** Serve e2e/fixtures/demo-app/ on loopback and open it. */
  demo: boolean;
  /** Remote-debugging port; a free loopback port when absent. */
  port?: number;
  headless: boolean;
  /** Build dist/ with vite when it is missing or older than the sources (default true). */
  build: boolean;
}

export const BROWSER_USAGE = `Usage: leaks browser [url] [--demo] [--port N] [--headless] [--no-build]

Starts Chromium with the Leaks extension loaded, DevTools open and a remote-debugging port, plus a loopback
relay on its remote-debugging pipe that only the extension may use (so the panel takes full heap snapshots at
full speed).

  url          page to open (default about:blank)
  --demo       serve the bundled demo app on 127.0.0.1 and open it
  --port N     Chromium's remote-debugging port (default: a free one)
  --headless   no window (for CI and tests)
  --no-build   use dist/ as it is
Environment: CHROME_PATH overrides the Chromium executable.`;

export class LaunchUsageError extends Error {
  override readonly name = 'LaunchUsageError';
}

export function parseLaunchArgs(args: string[]): LaunchOptions {
  const options: LaunchOptions = { demo: false, headless: false, build: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--demo') options.demo = true;
    else if (arg === '--headless') options.headless = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? args[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new LaunchUsageError(`--port needs a port number (1–65535), got ${value ?? 'nothing'}`);
      }
      options.port = port;
    } else if (arg.startsWith('-')) throw new LaunchUsageError(`Unknown option ${arg}`);
    else if (options.url === undefined) options.url = normalizeUrl(arg);
    else throw new LaunchUsageError(`One url only (got ${options.url} and ${arg})`);
  }
  return options;
}

/** `example.com` → `https://example.com`; `localhost:3000` → `http://localhost:3000`. */
function normalizeUrl(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(about|data|blob):/i.test(value)) return value;
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(value);
  return `${local ? 'http' : 'https'}://${value}`;
}
