/**
 * A database with no tables at all, as a server pointed at the wrong file (or not yet
 * migrated) would have: every query the app makes fails for real, with the driver's own
 * error ("SQLITE_ERROR: no such table: main.User"). Nothing is mocked.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export function emptyDatabase(): { url: string; remove: () => void } {
  const file = path.join(
    os.tmpdir(),
    `conduit-empty-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`,
  )
  return {
    // SQLite creates the file, empty, on the first connection.
    url: `file:${file}`,
    // The app that used it may still hold the file open: where the system refuses to
    // delete an open file (Windows), it stays in the temporary folder.
    remove: () => {
      for (const suffix of ['', '-journal', '-wal', '-shm']) {
        try {
          fs.rmSync(file + suffix, { force: true })
        } catch {
          // left for the system to clean up
        }
      }
    },
  }
}
