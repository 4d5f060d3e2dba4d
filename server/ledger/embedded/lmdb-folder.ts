import fs from 'node:fs';
import path from 'node:path';
import { open, type RootDatabase, type RootDatabaseOptionsWithPath } from 'lmdb';

/**
 * Folders for the embedded ledger's derived stores (world state, transaction positions): LMDB
 * environments rebuilt from the blocks at every open, each in a new `state-*` folder under the
 * ledger folder, removed on close. Nothing in them needs to survive a crash, so writes are not synced.
 */

const PREFIX = 'state-';
/** Folders open in this process: never swept, even when a second ledger opens the same ledger folder. */
const live = new Set<string>();

// lmdb-js sets and reads these, but its typings do not name them.
export type Lmdb = RootDatabase<Buffer, Buffer> & { readonly maxKeySize?: number };
type LmdbOptions = RootDatabaseOptionsWithPath & { readonly noReadAhead?: boolean };

// One mapping reserved up front (address space only; the file grows as written): growing the map
// step by step leaves the older, smaller mappings of the same file in place, each counted in RSS.
const MAP_BYTES = 2 ** 34;

/** Opens a new, empty LMDB environment (binary keys and values) in a new folder under `parentDir`. */
export function openDerived(parentDir: string): { dir: string; db: Lmdb } {
  const dir = fs.mkdtempSync(path.join(parentDir, PREFIX));
  live.add(dir);
  try {
    // Random access, so no read-ahead.
    const options: LmdbOptions = { path: dir, mapSize: MAP_BYTES, encoding: 'binary', keyEncoding: 'binary', compression: false, cache: false, noSync: true, noMetaSync: true, noReadAhead: true };
    return { dir, db: open<Buffer, Buffer>(options) };
  } catch (err) {
    removeDerived(dir);
    throw err;
  }
}

/** Closes `db` and removes its folder. */
export async function closeDerived(dir: string, db: Lmdb): Promise<void> {
  try {
    await db.close();
  } finally {
    removeDerived(dir);
  }
}

function removeDerived(dir: string): void {
  live.delete(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Removes derived folders under `parentDir` left by a process that stopped without closing them. */
export function sweepDerived(parentDir: string): void {
  for (const name of fs.readdirSync(parentDir)) {
    const dir = path.join(parentDir, name);
    if (name.startsWith(PREFIX) && !live.has(dir)) fs.rmSync(dir, { recursive: true, force: true });
  }
}
