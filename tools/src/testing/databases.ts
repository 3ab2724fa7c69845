/**
 * Copies of the migrated template database for tests: the harness gives each
 * test process one (database.ts, a Vitest setup file); a test that needs a
 * database of its own, say for a second app, asks for another here.
 */
import { inject } from 'vitest'
import { copyTemplateDatabase, scratchDir } from './template-database.js'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

/** A fresh, migrated, empty database of its own: its URL, and a way to remove it. */
export function copyTestDatabase(): { url: string; remove: () => void } {
  return copyTemplateDatabase(inject('templateDatabase'), scratchDir)
}
