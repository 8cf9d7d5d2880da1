import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ENDPOINT_FILE_NAME } from '../cdp/trusted-endpoint.ts';

/** Inputs of the extension build: when any is newer than dist/manifest.json, dist/ is stale. */
const BUILD_INPUTS = ['src', 'public', 'manifest.json', 'vite.config.ts'];

export function isBuildStale(repoRoot: string, distDir: string): boolean {
  const builtManifest = path.join(distDir, 'manifest.json');
  if (!fs.existsSync(builtManifest)) return true;
  const builtAt = fs.statSync(builtManifest).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(repoRoot, input)) > builtAt);
}

function newestMtime(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Runs `npx vite build` in the repo, its output shown to the user (a first build takes a few seconds). */
export async function buildExtension(repoRoot: string): Promise<void> {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const child = spawn(npx, ['vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  const code = await new Promise<number>((resolve) => {
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
    child.once('error', () => resolve(1));
  });
  if (code !== 0) throw new Error(`vite build failed (exit code ${code})`);
}

/**
 * The extension finds the trusted endpoint by reading this file from its own package
 * (`chrome.runtime.getURL('leaks-endpoint.json')`, see src/cdp/trusted-endpoint.ts).
 */
export function writeEndpointFile(extensionDir: string, port: number): string {
  const file = path.join(extensionDir, ENDPOINT_FILE_NAME);
  fs.writeFileSync(file, `${JSON.stringify({ port })}\n`);
  return file;
}

export function removeEndpointFile(file: string): void {
  fs.rmSync(file, { force: true });
}
