import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTrustedEndpoint, sessionUrls } from './trusted-endpoint.ts';
import type { TrustedEndpointDeps } from './trusted-endpoint.ts';

/** A loopback HTTP server; `route` decides what each path answers. */
async function serve(
  route: (url: string) => { status: number; body: string } | 'hang',
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const answer = route(req.url ?? '');
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: http.Server): number => (server.address() as AddressInfo).port;
const VERSION = JSON.stringify({
  Browser: 'Chrome/156',
  webSocketDebuggerUrl: 'ws://127.0.0.1/devtools/browser/x',
});

describe('findTrustedEndpoint', () => {
  let devtools: http.Server;
  let relay: http.Server;
  let notDevtools: http.Server;
  let hanging: http.Server;
  let extensionFiles: http.Server;
  let launcherPort = 0;

  beforeAll(async () => {
    devtools = await serve((url) =>
      url === '/json/version' ? { status: 200, body: VERSION } : { status: 404, body: '' },
    );
    relay = await serve((url) =>
      url === '/json/version'
        ? { status: 200, body: JSON.stringify({ Browser: 'Chrome/156', 'Leaks-Relay': 1 }) }
        : { status: 404, body: '' },
    );
    notDevtools = await serve(() => ({ status: 404, body: 'nope' }));
    hanging = await serve(() => 'hang');
    extensionFiles = await serve((url) =>
      url === '/leaks-endpoint.json'
        ? { status: 200, body: JSON.stringify({ port: launcherPort }) }
        : { status: 404, body: '' },
    );
  });

  afterAll(() => {
    for (const server of [devtools, relay, notDevtools, hanging, extensionFiles])
      server.closeAllConnections();
    for (const server of [devtools, relay, notDevtools, hanging, extensionFiles]) server.close();
  });

  function deps(overrides: Partial<TrustedEndpointDeps>): TrustedEndpointDeps {
    return {
      fetch,
      getTargets: async () => [
        { id: 'WORKER', tabId: undefined },
        { id: 'PAGE-7', tabId: 7 },
        { id: 'PAGE-8', tabId: 8 },
      ],
      endpointFileUrl: `http://127.0.0.1:${portOf(extensionFiles)}/leaks-endpoint.json`,
      fallbackPorts: [],
      probeTimeoutMs: 300,
      ...overrides,
    };
  }

  it('uses the port the launcher wrote and the target of the inspected tab', async () => {
    launcherPort = portOf(devtools);
    const found = await findTrustedEndpoint(8, deps({}));
    expect(found).toEqual({
      port: launcherPort,
      wsUrl: `ws://127.0.0.1:${launcherPort}/devtools/page/PAGE-8`,
      relay: false,
    });
    expect(sessionUrls(found!)).toEqual({ wsUrl: found!.wsUrl });
  });

  it('recognizes the relay, whose sessions each get a token naming their snapshot stream', async () => {
    launcherPort = portOf(relay);
    const found = await findTrustedEndpoint(7, deps({}));
    expect(found).toEqual({
      port: launcherPort,
      wsUrl: `ws://127.0.0.1:${launcherPort}/devtools/page/PAGE-7`,
      relay: true,
    });
    expect(sessionUrls(found!, 'T0KEN-0123456789abcdef')).toEqual({
      wsUrl: `ws://127.0.0.1:${launcherPort}/devtools/page/PAGE-7?stream=T0KEN-0123456789abcdef`,
      snapshotStreamUrl: `http://127.0.0.1:${launcherPort}/leaks/snapshot-stream/T0KEN-0123456789abcdef`,
    });
    expect(sessionUrls(found!).wsUrl).not.toBe(sessionUrls(found!).wsUrl);
  });

  it('falls back to the default ports when the endpoint file is missing or stale', async () => {
    launcherPort = portOf(notDevtools);
    const stale = await findTrustedEndpoint(7, deps({ fallbackPorts: [portOf(devtools)] }));
    expect(stale?.wsUrl).toBe(`ws://127.0.0.1:${portOf(devtools)}/devtools/page/PAGE-7`);
    const missing = await findTrustedEndpoint(
      7,
      deps({
        endpointFileUrl: `http://127.0.0.1:${portOf(extensionFiles)}/missing.json`,
        fallbackPorts: [portOf(devtools)],
      }),
    );
    expect(missing?.port).toBe(portOf(devtools));
  });

  it('gives up on a port that never answers, within the probe timeout', async () => {
    launcherPort = portOf(hanging);
    const started = Date.now();
    expect(await findTrustedEndpoint(7, deps({}))).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('returns null when no target belongs to the tab, or nothing listens', async () => {
    launcherPort = portOf(devtools);
    expect(await findTrustedEndpoint(99, deps({}))).toBeNull();
    const closed = await serve(() => ({ status: 200, body: '' }));
    const closedPort = portOf(closed);
    closed.close();
    launcherPort = closedPort;
    expect(await findTrustedEndpoint(7, deps({}))).toBeNull();
  });
});
