import path from 'node:path';
import { EXTENSION_ORIGIN } from '../shared/extension-id.ts';
import { removeEndpointFile, writeEndpointFile } from './launch-extension.ts';
import { REPO_ROOT } from './launch-session.ts';
import { waitForDebuggingPort } from './launch-port.ts';
import { portBackend } from './relay-backends.ts';
import { startCdpRelay } from './relay-server.ts';
import { errorMessage } from '../shared/error-message.ts';

export const RELAY_USAGE = `Usage: leaks relay [--chrome-port N] [--extension-dir DIR]

For a Chrome you started yourself with --remote-debugging-port (branded Chrome, see README): runs the relay
\`leaks browser\` uses, so the Leaks panel takes full snapshots without the WebSocket compression of Chrome's own
endpoint, and tells the unpacked extension where it is. Reopen DevTools after starting it. Ctrl-C stops it.

  --chrome-port N      Chrome's remote-debugging port (default 9222)
  --extension-dir DIR  the unpacked extension Chrome loaded (default: this repo's dist/)`;

function optionValue(args: string[], name: string): string | undefined {
  const at = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (at < 0) return undefined;
  const arg = args[at] as string;
  return arg.includes('=') ? arg.slice(name.length + 1) : args[at + 1];
}

export async function runRelay(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(RELAY_USAGE);
    return 0;
  }
  const unknown = args.filter(
    (arg) => arg.startsWith('-') && !/^--(chrome-port|extension-dir)(=|$)/.test(arg),
  );
  const chromePort = Number(optionValue(args, '--chrome-port') ?? 9222);
  if (unknown.length > 0 || !Number.isInteger(chromePort) || chromePort < 1 || chromePort > 65535) {
    console.error(
      `leaks relay: ${unknown.length > 0 ? `unknown option ${unknown[0]}` : 'bad --chrome-port'}\n\n${RELAY_USAGE}`,
    );
    return 2;
  }
  const extensionDir = path.resolve(optionValue(args, '--extension-dir') ?? path.join(REPO_ROOT, 'dist'));
  try {
    const version = await waitForDebuggingPort(chromePort, { timeoutMs: 3000 });
    const relay = await startCdpRelay({ chrome: portBackend(chromePort), extensionOrigin: EXTENSION_ORIGIN });
    const endpointFile = writeEndpointFile(extensionDir, relay.port);
    console.log(
      `Relaying ${version.Browser} (127.0.0.1:${chromePort}) on 127.0.0.1:${relay.port} for the Leaks extension.\n` +
        `Wrote ${endpointFile}. Reopen DevTools; the Leaks tab then says "Leaks relay on port ${relay.port}".`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    removeEndpointFile(endpointFile);
    await relay.close();
    return 0;
  } catch (error) {
    console.error(`leaks relay: ${errorMessage(error)}`);
    return 1;
  }
}
