/**
 * Runs before each test file: points DATABASE_URL at a copy of the migrated
 * template database, before the app is imported.
 *
 * One copy per test process. With Vitest's default isolation every file runs in a
 * process of its own, so every file gets its own database; an app that turns
 * isolation off (isolate: false) shares one database, and one app, among the files
 * a worker runs, which the tests allow: each makes its own data with unique names.
 */
import { inject } from 'vitest'
import { copyTestDatabase } from './databases.js'

const copies = Symbol.for('production-express.test-databases')
type Holder = { [copies]?: Map<string, string> }

function databaseFor(template: string): string {
  const holder = globalThis as Holder
  const byTemplate = (holder[copies] ??= new Map())
  let url = byTemplate.get(template)
  if (url === undefined) {
    url = copyTestDatabase().url
    byTemplate.set(template, url)
    // Not removed after this file: later files in this worker use it too. Once the
    // worker has ended, the run's global setup sweeps it away (sweepEndedCopies).
  }
  return url
}

process.env.DATABASE_URL = databaseFor(inject('templateDatabase'))
