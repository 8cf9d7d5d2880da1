/**
 * The few platform globals the engine uses that exist in every realm it runs in (Web Worker, Node ≥ 20) but are
 * not part of the ES lib. Declared here so core's tsconfig can keep DOM and Node types out.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

declare const performance: { now(): number };

/** What number-scan.ts uses of WebAssembly (in every realm the engine runs in; an extension page's CSP may refuse it). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class Global {
    readonly value: number;
  }
}
