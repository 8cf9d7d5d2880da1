import type { CdpConnection } from '../cdp/connection.ts';

/**
 * memlab collects garbage several times before each snapshot: one full GC can leave objects that only become
 * unreachable once finalizers and weak callbacks from the previous cycle have run.
 */
export const DEFAULT_GC_ROUNDS = 3;

/** Runs HeapProfiler.collectGarbage `rounds` times. Needs a trusted connection (HeapProfiler domain). */
export async function collectGarbage(conn: CdpConnection, rounds = DEFAULT_GC_ROUNDS): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await conn.send('HeapProfiler.collectGarbage');
  }
}
