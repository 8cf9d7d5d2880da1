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

  return {
    async create(role) {
      const file = await dir.getFileHandle(snapshotFileName(role), { create: true });
      const handle = (await (
        file as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }
      ).createSyncAccessHandle()) as SyncAccessHandle;
      handle.truncate(0);
      let at = 0;
      return {
        write(bytes) {
          at += handle.write(bytes, { at });
        },
        async close() {
          handle.flush();
          handle.close();
        },
        async abort() {
          handle.close();
          await removeFile(snapshotFileName(role));
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
      for (const name of [INDEX_FILE, ...(['baseline', 'target', 'final'] as const).map(snapshotFileName)]) {
        await removeFile(name);
      }
    },
  };
}
