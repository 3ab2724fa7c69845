/**
 * Copies of the migrated template database for tests: the harness gives each
 * test file one (database.ts, a Vitest setup file); a test that needs a second
 * database, say for a second app, asks for another here.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'
import { copyTemplateDatabase } from './template-database.js'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

// Where Linux has a memory-backed /dev/shm, copies live there: SQLite syncs to disk
// on every commit, and tests gain nothing from surviving a power cut.
const scratch = path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'production-express', 'run')

/** A fresh, migrated, empty database of its own: its URL, and a way to remove it. */
export function copyTestDatabase(): { url: string; remove: () => void } {
  return copyTemplateDatabase(inject('templateDatabase'), scratch)
}
