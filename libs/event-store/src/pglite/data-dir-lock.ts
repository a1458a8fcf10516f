import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own: two processes on one data directory would corrupt it. The lock
 * file names the holder; a holder that died (even by SIGKILL) leaves a lock the next one takes over.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ledger.lock');
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    holder = undefined;
  }
  if (heldHere.has(dir) || (holder && holder !== process.pid && isAlive(holder))) {
    throw new Error(`the data directory ${dir} is in use by process ${heldHere.has(dir) ? process.pid : holder}; stop it or choose another DATA_DIR`);
  }
  writeFileSync(file, String(process.pid));
  heldHere.add(dir);
  return () => {
    heldHere.delete(dir);
    rmSync(file, { force: true });
  };
}
