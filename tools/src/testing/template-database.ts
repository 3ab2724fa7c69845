import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createClient } from '@libsql/client'
import { removeSqliteDatabase } from '../prisma/paths.js'
import { isRunning } from '../processes.js'

/** The migration scripts of a prisma/ folder, in the order Prisma applies them. */
export function readMigrations(prismaFolder: string): { name: string; sql: string }[] {
  const dir = path.join(prismaFolder, 'migrations')
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }))
}

/**
 * A migrated, empty SQLite database for a prisma/ folder, built once and reused
 * for as long as the migrations are unchanged (the file name is their hash).
 * Tests copy it instead of migrating: a copy takes milliseconds.
 */
export async function ensureTemplateDatabase(prismaFolder: string, cacheDir: string): Promise<string> {
  const migrations = readMigrations(prismaFolder)
  const hash = createHash('sha256')
  for (const migration of migrations) hash.update(migration.name).update('\0').update(migration.sql).update('\0')
  const template = path.join(cacheDir, `template-${hash.digest('hex').slice(0, 16)}.db`)
  if (fs.existsSync(template)) return template

  fs.mkdirSync(cacheDir, { recursive: true })
  // Build beside the final name and rename, so parallel runs never see half a file.
  const building = `${template}.${process.pid}.${Date.now()}.tmp`
  const client = createClient({ url: `file:${building}` })
  try {
    for (const migration of migrations) await client.executeMultiple(migration.sql)
  } catch (error) {
    client.close()
    fs.rmSync(building, { force: true })
    throw new Error(`A migration in ${prismaFolder} failed while building the test database: ${String(error)}`)
  }
  client.close()
  fs.renameSync(building, template)
  return template
}

/** A fresh copy of the template for one test file, and a way to remove it. */
export function copyTemplateDatabase(template: string, dir: string): { url: string; remove: () => void } {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`)
  fs.copyFileSync(template, file)
  return {
    url: `file:${file}`,
    // An open database stays on Windows; the OS temp folder is cleaned later.
    remove: () => void removeSqliteDatabase(file),
  }
}

// Where Linux has a memory-backed /dev/shm, copies live there: SQLite syncs to disk
// on every commit, and tests gain nothing from surviving a power cut.
export const scratchDir = path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'production-express', 'run')

/**
 * Removes the copies whose test process has ended. A worker keeps its copy until it
 * exits, and Vitest ends its workers without an exit event, so the copies are swept
 * here, by the run's global setup, before and after every run. A copy's name carries
 * the pid of the process that made it, so a run never removes another live run's copies.
 */
export function sweepEndedCopies(dir: string = scratchDir): number {
  if (!fs.existsSync(dir)) return 0
  let removed = 0
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(/^test-(\d+)-/.exec(name)?.[1])
    if (!Number.isInteger(pid) || isRunning(pid)) continue
    fs.rmSync(path.join(dir, name), { force: true })
    removed += 1
  }
  return removed
}
