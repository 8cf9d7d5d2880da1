/**
 * Finds the browser's remote-debugging endpoint for the inspected tab, if Chromium was started with one
 * (DESIGN.md §2). Candidates: the port `leaks browser` wrote into the unpacked extension (`leaks-endpoint.json`),
 * then the conventional 9222. chrome.* and fetch come in as deps so this runs in Node tests without chrome.
 */
export interface TrustedEndpoint {
  port: number;
  wsUrl: string;
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
    if (await answersOnPort(port, deps)) {
      return { port, wsUrl: `ws://127.0.0.1:${port}/devtools/page/${target.id}` };
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
 * Reads /json/version when the extension may (it needs host permission for http://127.0.0.1/*: the endpoint
 * sends no CORS headers). Without that permission the CORS read fails, so fall back to a `no-cors` request: an
 * opaque answer still proves something serves HTTP there, and the WebSocket handshake that follows is the real
 * test (it also checks --remote-allow-origins).
 */
async function answersOnPort(port: number, deps: TrustedEndpointDeps): Promise<boolean> {
  const url = `http://127.0.0.1:${port}/json/version`;
  const timeoutMs = deps.probeTimeoutMs ?? 1500;
  try {
    const response = await deps.fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const version = (await response.json()) as { webSocketDebuggerUrl?: unknown };
    return typeof version.webSocketDebuggerUrl === 'string';
  } catch (error) {
    if (isTimeout(error)) return false;
  }
  try {
    const opaque = await deps.fetch(url, { mode: 'no-cors', signal: AbortSignal.timeout(timeoutMs) });
    return opaque.type === 'opaque' || opaque.ok;
  } catch {
    return false;
  }
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
