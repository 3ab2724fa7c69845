/**
 * A second database for tests that need two. The harness gives each test file
 * one copy of the migrated template (DATABASE_URL); this makes another.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

export function copyTestDatabase(): { url: string; remove: () => void } {
  const file = path.join(
    os.tmpdir(),
    `conduit-extra-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`,
  )
  fs.copyFileSync(inject('templateDatabase'), file)
  return {
    url: `file:${file}`,
    remove: () => {
      for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
    },
  }
}
