import fs from 'node:fs';
import path from 'node:path';
import { open, type Database, type RootDatabase, type RootDatabaseOptionsWithPath } from 'lmdb';

/**
 * LMDB environments of the embedded ledger: the persistent one (world state, transaction positions,
 * block offsets, state checkpoint; see ledger-store.ts) and scratch ones (a deep verify's re-executed
 * state), each in a new `state-*` folder under the ledger folder, removed on close.
 */

const PREFIX = 'state-';
/** Folders open in this process: never swept, even when a second ledger opens the same ledger folder. */
const live = new Set<string>();

// lmdb-js sets and reads these, but its typings do not name them.
export type Lmdb = RootDatabase<Buffer, Buffer> & { readonly maxKeySize?: number };
/** One named database of an environment (binary keys and values). */
export type LmdbDb = Database<Buffer, Buffer>;
type LmdbOptions = RootDatabaseOptionsWithPath & { readonly noReadAhead?: boolean };

// One mapping reserved up front (address space only; the file grows as written): growing the map
// step by step leaves the older, smaller mappings of the same file in place, each counted in RSS.
const MAP_BYTES = 2 ** 34;

// Random access, so no read-ahead. Writes are not synced: a process crash loses nothing (the pages
// are in the page cache); what an operating-system crash loses is found and redone at the next open.
const options = (dir: string): LmdbOptions => ({
  path: dir,
  mapSize: MAP_BYTES,
  encoding: 'binary',
  keyEncoding: 'binary',
  compression: false,
  cache: false,
  noSync: true,
  noMetaSync: true,
  noReadAhead: true,
});

/** Opens (or creates) the LMDB environment kept in `dir` across restarts. */
export function openPersistent(dir: string): Lmdb {
  fs.mkdirSync(dir, { recursive: true });
  return open<Buffer, Buffer>(options(dir));
}

/** Opens a new, empty LMDB environment (binary keys and values) in a new folder under `parentDir`. */
export function openDerived(parentDir: string): { dir: string; db: Lmdb } {
  const dir = fs.mkdtempSync(path.join(parentDir, PREFIX));
  live.add(dir);
  try {
    return { dir, db: open<Buffer, Buffer>(options(dir)) };
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
