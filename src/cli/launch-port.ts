import net from 'node:net';

/**
 * A free loopback port: bind port 0, read what the OS chose, release it. Another process could take it before
 * Chromium binds it; Chromium then fails to listen and waitForDebuggingPort reports it.
 */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('Could not read the bound port');
  return address.port;
}

/** Polls `/json/version` until Chromium's DevTools HTTP endpoint answers. */
export async function waitForDebuggingPort(
  port: number,
  options: { timeoutMs?: number; exited?: Promise<unknown> } = {},
): Promise<{ Browser: string; webSocketDebuggerUrl: string }> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let exited = false;
  void options.exited?.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/json/version`, {
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok) return (await response.json()) as { Browser: string; webSocketDebuggerUrl: string };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(
    exited
      ? `Chromium exited before opening the debugging port ${port}`
      : `Chromium did not open the debugging port ${port} in time (is it taken?)`,
  );
}
