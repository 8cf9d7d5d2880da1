/**
 * Compiles src/core/parser/number-scan.wat into the module source number-scan-module.ts holds: the bytes as a
 * literal, so the engine needs no loader, fetch or file access for them in the worker, the CLI or a test.
 *   npm run build:wasm          (writes number-scan-module.ts)
 * number-scan.test.ts compiles the .wat the same way and checks the committed bytes are its output.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import initWabt from 'wabt';

export const WAT_PATH = fileURLToPath(new URL('../src/core/parser/number-scan.wat', import.meta.url));
export const MODULE_PATH = fileURLToPath(
  new URL('../src/core/parser/number-scan-module.ts', import.meta.url),
);

/** The .wat compiled to a WebAssembly binary. */
export async function compileNumberScan(): Promise<Uint8Array> {
  const wabt = await initWabt();
  const parsed = wabt.parseWat('number-scan.wat', fs.readFileSync(WAT_PATH, 'utf8'));
  try {
    parsed.validate();
    return Uint8Array.from(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

/** number-scan-module.ts's text for these bytes, formatted as the repository's Prettier settings ask. */
export async function moduleSource(bytes: Uint8Array): Promise<string> {
  const text =
    '// Generated from number-scan.wat by `npm run build:wasm` (scripts/number-scan-build.ts): do not edit.\n' +
    `export const NUMBER_SCAN_WASM = new Uint8Array([${bytes.join(', ')}]);\n`;
  const options = await prettier.resolveConfig(MODULE_PATH);
  return prettier.format(text, { ...options, filepath: MODULE_PATH });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  fs.writeFileSync(MODULE_PATH, await moduleSource(await compileNumberScan()));
  console.log(`wrote ${MODULE_PATH}`);
}
