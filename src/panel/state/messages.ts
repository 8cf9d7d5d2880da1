/**
 * Every message the panel shows a user about a failure, keyed by error code — one table, so wording stays
 * consistent and each code is handled somewhere. `errorCodeOf` maps thrown errors to codes.
 */
import { WorkerCallError } from '../../worker/worker-client.ts';

export type ErrorCode =
  | 'tab-closed'
  | 'capture-failed'
  | 'debugger-attach-failed'
  | 'trusted-connect-failed'
  | 'debugger-detached'
  | 'connection-lost'
  | 'invalid-snapshot'
  | 'mixed-session'
  | 'worker-died'
  | 'worker-timeout'
  | 'export-failed'
  | 'restore-failed'
  | 'internal';

export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  'tab-closed':
    'The inspected page closed or navigated away during the capture. Earlier checkpoints are kept; record again.',
  'capture-failed': 'The capture failed. Earlier checkpoints are kept; try again.',
  'debugger-attach-failed':
    'Could not attach chrome.debugger to this tab (another debugger, or a chrome:// page). Quick mode needs it.',
  'trusted-connect-failed':
    'The remote-debugging port answered but refused this extension. Start Chrome with --remote-allow-origins for it.',
  'debugger-detached':
    "Chrome's debugger was detached from this tab (the infobar's Cancel). Quick checkpoints are kept; the next Record attaches again.",
  'connection-lost':
    "The connection to Chrome's debugging port dropped during the capture. Earlier checkpoints are kept; record again. Chrome may have renumbered heap objects, so if results look wrong, Clear and start from a new baseline.",
  'invalid-snapshot': 'This file is not a readable .heapsnapshot.',
  'mixed-session':
    'This session holds quick checkpoints; heap snapshots cannot be compared with them. Clear first.',
  'worker-died':
    'The analysis worker stopped (often: out of memory) and was restarted. Saved checkpoints were reloaded; record again.',
  'worker-timeout': 'The analysis took too long and was abandoned.',
  'export-failed': 'The report could not be exported.',
  'restore-failed': 'The saved session could not be restored; Clear removes it.',
  internal: 'Something went wrong inside Leaks.',
};

const SNAPSHOT_FORMAT_CODES = new Set([
  'empty',
  'not-json',
  'not-a-snapshot',
  'truncated',
  'malformed',
  'bad-meta',
  'count-mismatch',
  'too-large',
  'compressed',
]);

/** The code for a thrown error, with `fallback` for errors nothing more specific is known about. */
export function errorCodeOf(error: unknown, fallback: ErrorCode): ErrorCode {
  if (error instanceof WorkerCallError) {
    if (error.code === 'worker-died') return 'worker-died';
    if (error.code === 'timeout') return 'worker-timeout';
    if (SNAPSHOT_FORMAT_CODES.has(error.code)) return 'invalid-snapshot';
  }
  return fallback;
}
