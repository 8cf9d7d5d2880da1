/** Why a snapshot could not be read; `offset` is the byte offset in the input where it went wrong. */
export type SnapshotErrorCode =
  | 'empty'
  | 'not-json'
  | 'not-a-snapshot'
  | 'truncated'
  | 'malformed'
  | 'bad-meta'
  | 'count-mismatch'
  | 'too-large'
  | 'compressed';

export class SnapshotFormatError extends Error {
  override readonly name = 'SnapshotFormatError';
  constructor(
    readonly code: SnapshotErrorCode,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} (at byte ${offset})`);
  }
}
