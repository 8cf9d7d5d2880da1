/**
 * Finds the browser's remote-debugging endpoint for the inspected tab, if Chromium was started with one
 * (DESIGN.md §2). Candidates: the port `leaks browser` wrote into the unpacked extension (`leaks-endpoint.json`,
 * where its relay listens), then the conventional 9222. chrome.* and fetch come in as deps so this runs in Node
 * tests without chrome.
 */
import { RELAY_MARKER, SNAPSHOT_STREAM_PATH } from './relay-protocol.ts';

export interface TrustedEndpoint {
  port: number;
  /** The inspected page's session on that port. */
  wsUrl: string;
  /** `leaks browser`'s relay (src/cli/relay-server.ts) rather than Chromium's own endpoint. */
  relay: boolean;
}

/** Where one connection goes: a relay session gets a fresh token, which also names its snapshot stream. */
export function sessionUrls(
  endpoint: TrustedEndpoint,
  token: string = crypto.randomUUID(),
): { wsUrl: string; snapshotStreamUrl?: string } {
  if (!endpoint.relay) return { wsUrl: endpoint.wsUrl };
  return {
    wsUrl: `${endpoint.wsUrl}?stream=${token}`,
    snapshotStreamUrl: `http://127.0.0.1:${endpoint.port}${SNAPSHOT_STREAM_PATH}${token}`,
  };
}

export interface TrustedEndpointDeps {
  fetch: typeof fetch;
  /** `chrome.debugger.getTargets()`: the target whose tabId is the inspected tab gives the page's targetId. */
  getTargets(): Promise<{ id: string; tabId?: number }[]>;
  /** `chrome.runtime.getURL('leaks-endpoint.json')`. */
  endpointFileUrl: string;
  /** Per probe; a closed port answers at once, a firewalled one never. */
  probeTimeoutMs?: number;
  /** Ports to try after the launcher's; defaults to [9222]. */
  fallbackPorts?: number[];
}

export const DEFAULT_DEBUGGING_PORT = 9222;
export const ENDPOINT_FILE_NAME = 'leaks-endpoint.json';

export async function findTrustedEndpoint(
  tabId: number,
  deps: TrustedEndpointDeps,
): Promise<TrustedEndpoint | null> {
  const targets = await deps.getTargets();
  const target = targets.find((t) => t.tabId === tabId);
  if (!target) return null;

  const launcherPort = await readLauncherPort(deps);
  const fallbackPorts = deps.fallbackPorts ?? [DEFAULT_DEBUGGING_PORT];
  const ports = [...new Set([launcherPort, ...fallbackPorts].filter((p) => p !== undefined))];
  for (const port of ports) {
    const answer = await probePort(port, deps);
    if (answer !== 'nothing') {
      return { port, wsUrl: `ws://127.0.0.1:${port}/devtools/page/${target.id}`, relay: answer === 'relay' };
    }
  }
  return null;
}

/** The dependencies a real extension page uses. */
export function chromeTrustedEndpointDeps(): TrustedEndpointDeps {
  return {
    fetch: globalThis.fetch.bind(globalThis),
    getTargets: () => chrome.debugger.getTargets(),
    endpointFileUrl: chrome.runtime.getURL(ENDPOINT_FILE_NAME),
  };
}

async function readLauncherPort(deps: TrustedEndpointDeps): Promise<number | undefined> {
  try {
    const response = await deps.fetch(deps.endpointFileUrl);
    if (!response.ok) return undefined;
    const { port } = (await response.json()) as { port?: unknown };
    return isPort(port) ? port : undefined;
  } catch {
    return undefined; // No file: the extension was not started by `leaks browser` (a missing file rejects).
  }
}

/**
 * Reads /json/version. Our relay allows our origin to read it and says what it is. Chromium's endpoint sends no
 * CORS headers, so that read fails without host permission for http://127.0.0.1/*; then a `no-cors` request
 * still proves something serves HTTP there, and the WebSocket handshake that follows is the real test (it also
 * checks --remote-allow-origins).
 */
async function probePort(port: number, deps: TrustedEndpointDeps): Promise<'relay' | 'chrome' | 'nothing'> {
  const url = `http://127.0.0.1:${port}/json/version`;
  const timeoutMs = deps.probeTimeoutMs ?? 1500;
  try {
    const response = await deps.fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return 'nothing';
    const version = (await response.json()) as Record<string, unknown>;
    if (version[RELAY_MARKER] === 1) return 'relay';
    return typeof version.webSocketDebuggerUrl === 'string' ? 'chrome' : 'nothing';
  } catch (error) {
    if (isTimeout(error)) return 'nothing';
  }
  try {
    const opaque = await deps.fetch(url, { mode: 'no-cors', signal: AbortSignal.timeout(timeoutMs) });
    return opaque.type === 'opaque' || opaque.ok ? 'chrome' : 'nothing';
  } catch {
    return 'nothing';
  }
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
