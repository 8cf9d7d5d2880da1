/**
 * Keeps the raw bytes of each checkpoint's snapshot in the origin-private file system (OPFS), so reloading the
 * panel (or DevTools) loses nothing: the worker re-parses them on restore. Sync access handles write without
 * copying through a stream and exist only in dedicated workers, which is where this runs.
 */
import type { SnapshotRole } from '../core/report/model.ts';
import type { CheckpointInfo } from './protocol.ts';

export interface SnapshotWriter {
  write(bytes: Uint8Array): void;
  close(): Promise<void>;
  /** Closes and deletes a half-written file. */
  abort(): Promise<void>;
}

export interface SnapshotStore {
  create(role: SnapshotRole): Promise<SnapshotWriter>;
  file(role: SnapshotRole): Promise<File | undefined>;
  remove(role: SnapshotRole): Promise<void>;
  saveIndex(checkpoints: CheckpointInfo[]): Promise<void>;
  loadIndex(): Promise<CheckpointInfo[]>;
  clear(): Promise<void>;
}

const SESSION_DIR_PREFIX = 'leaks-session-';
const INDEX_FILE = 'checkpoints.json';
/** A snapshot is written under this suffix and renamed when complete, so an interrupted capture (DevTools
 * closed, worker killed) never leaves a half-written file under a checkpoint's name. */
const PARTIAL_SUFFIX = '.partial';
/**
 * Flushed this often while the bytes arrive, when the worker mostly waits for the network anyway, so that the last
 * flush, which the user waits for, has little left to do. Measured on a 276 MB snapshot: closing took 75–120 ms
 * after the last byte when flushed only then, 5–14 ms with this.
 */
const FLUSH_EVERY_BYTES = 32 * 1024 * 1024;

/** One saved session per inspected tab; the panel passes it as the worker's name. */
export function sessionNameForTab(tabId: number): string {
  return `${SESSION_DIR_PREFIX}tab-${tabId}`;
}

/** Deletes the saved session of a closed tab (called by the service worker). */
export async function removeTabSession(tabId: number): Promise<void> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(sessionNameForTab(tabId), { recursive: true }).catch(() => undefined);
}

/** The file a checkpoint's snapshot is saved in; the panel reads it from OPFS for "Save snapshot". */
export function snapshotFileName(role: SnapshotRole): string {
  return `${role}.heapsnapshot`;
}

/** OPFS handles can rename themselves (Chromium 110+); not yet in TypeScript's DOM lib. */
interface MovableFileHandle {
  move(newName: string): Promise<void>;
  createSyncAccessHandle(): Promise<SyncAccessHandle>;
}

interface SyncAccessHandle {
  write(buffer: Uint8Array, options?: { at?: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

export async function openOpfsSnapshotStore(sessionName: string): Promise<SnapshotStore | undefined> {
  if (!navigator.storage?.getDirectory || !sessionName.startsWith(SESSION_DIR_PREFIX)) return undefined;
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(sessionName, { create: true });

  const removeFile = async (name: string): Promise<void> => {
    await dir.removeEntry(name).catch(() => undefined); // Already gone is fine.
  };
  // Leftovers of a capture a previous worker did not finish.
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
    if (name.endsWith(PARTIAL_SUFFIX)) await removeFile(name);
  }

  return {
    async create(role) {
      const finalName = snapshotFileName(role);
      const partialName = finalName + PARTIAL_SUFFIX;
      const file = (await dir.getFileHandle(partialName, { create: true })) as unknown as MovableFileHandle;
      const handle = await file.createSyncAccessHandle();
      handle.truncate(0);
      let at = 0;
      return {
        write(bytes) {
          const before = at;
          at += handle.write(bytes, { at });
          if (Math.floor(at / FLUSH_EVERY_BYTES) !== Math.floor(before / FLUSH_EVERY_BYTES)) handle.flush();
        },
        async close() {
          handle.flush();
          handle.close();
          await removeFile(finalName);
          await file.move(finalName);
        },
        async abort() {
          handle.close();
          await removeFile(partialName);
        },
      };
    },
    async file(role) {
      try {
        return await (await dir.getFileHandle(snapshotFileName(role))).getFile();
      } catch {
        return undefined;
      }
    },
    remove: (role) => removeFile(snapshotFileName(role)),
    async saveIndex(checkpoints) {
      const writable = await (await dir.getFileHandle(INDEX_FILE, { create: true })).createWritable();
      await writable.write(JSON.stringify(checkpoints));
      await writable.close();
    },
    async loadIndex() {
      try {
        const text = await (await (await dir.getFileHandle(INDEX_FILE)).getFile()).text();
        return JSON.parse(text) as CheckpointInfo[];
      } catch {
        return [];
      }
    },
    async clear() {
      const snapshots = (['baseline', 'target', 'final'] as const).map(snapshotFileName);
      for (const name of [INDEX_FILE, ...snapshots, ...snapshots.map((n) => n + PARTIAL_SUFFIX)]) {
        await removeFile(name);
      }
    },
  };
}
