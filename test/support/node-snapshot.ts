import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NODE_PROCESS_EXPECTATION } from '../../e2e/fixtures/expectations.ts';

const run = promisify(execFile);

/**
 * Writes a heap snapshot of a fresh Node.js process to `path` via v8.writeHeapSnapshot(), so the parser is also
 * exercised on Node's flavour of the format (no DOM, different roots). The process keeps a known object graph.
 */
export async function writeNodeProcessSnapshot(path: string): Promise<void> {
  await run(process.execPath, ['-e', nodeProcessScript(), path], { timeout: 30_000 });
}

/** The child's program; its hash decides whether a cached Node snapshot is still valid. */
export function nodeProcessScript(): string {
  const { className, globalName, entryClassName, entryCount } = NODE_PROCESS_EXPECTATION;
  return `
    class ${entryClassName} { constructor(i) { this.key = 'entry-' + i; this.payload = new Array(8).fill(i); } }
    class ${className} { constructor() { this.entries = new Map(); } }
    globalThis.${globalName} = new ${className}();
    for (let i = 0; i < ${entryCount}; i++) globalThis.${globalName}.entries.set(i, new ${entryClassName}(i));
    require('node:v8').writeHeapSnapshot(process.argv[1]);
  `;
}
