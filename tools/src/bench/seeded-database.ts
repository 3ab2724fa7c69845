/**
 * The bench's data: one SQLite file migrated from the template and filled by the
 * workshop's seed script once per run, then copied for each app, so two servers
 * never share a file and both start from the same rows.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createClient } from '@libsql/client'
import { findPrismaFolder } from '../prisma/paths.js'
import { ensureTemplateDatabase } from '../testing/template-database.js'
import { typescriptArgs } from '../typescript-child.js'

export interface SeededDatabase {
  file: string
  /** Rows per table, counted in the file after seeding. */
  rows: Record<string, number>
}

// Printed in this order, under these names.
const TABLES: ReadonlyArray<[table: string, label: string]> = [
  ['User', 'users'],
  ['Article', 'articles'],
  ['Tag', 'tags'],
  ['ArticleTag', 'article tags'],
  ['Comment', 'comments'],
  ['Favorite', 'favorites'],
  ['Follow', 'follows'],
]

/** The prisma/ folder both apps read: the bench needs one database that suits both. */
export function sharedPrismaFolder(currentDir: string, inheritedDir: string): string {
  const current = findPrismaFolder(currentDir)
  const inherited = findPrismaFolder(inheritedDir)
  if (current !== inherited) {
    throw new Error(
      `The two apps use different schemas (${current} and ${inherited}): ` +
        'the bench seeds one database and gives each app a copy, so both must read the same schema.',
    )
  }
  return current
}

function runSeed(seedScript: string, appDir: string, databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The seed loads the Prisma client generated in its working folder: the app's.
    const child = spawn(process.execPath, typescriptArgs(seedScript), {
      cwd: appDir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`Seeding the database failed (${seedScript}, exit code ${code}):\n${output.trim()}`))
    })
  })
}

export async function countRows(file: string): Promise<Record<string, number>> {
  const client = createClient({ url: `file:${file}` })
  try {
    const existing = new Set(
      (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((row) => String(row.name)),
    )
    const rows: Record<string, number> = {}
    for (const [table, label] of TABLES) {
      if (!existing.has(table)) continue
      const result = await client.execute(`SELECT COUNT(*) AS n FROM "${table}"`)
      rows[label] = Number(result.rows[0]!.n)
    }
    return rows
  } finally {
    client.close()
  }
}

/** Migrates and seeds `<workDir>/seeded.db` with the seed of `prismaFolder`, run in `appDir`. */
export async function seedDatabase(prismaFolder: string, appDir: string, workDir: string): Promise<SeededDatabase> {
  const template = await ensureTemplateDatabase(prismaFolder, path.join(os.tmpdir(), 'production-express', 'templates'))
  const file = path.join(workDir, 'seeded.db')
  fs.copyFileSync(template, file)
  await runSeed(path.join(prismaFolder, 'seed.ts'), appDir, `file:${file}`)
  return { file, rows: await countRows(file) }
}

/** A copy of the seeded file for one app; its `file:` URL. */
export function copyDatabase(seeded: SeededDatabase, name: string): string {
  const copy = path.join(path.dirname(seeded.file), `${name}.db`)
  fs.copyFileSync(seeded.file, copy)
  return `file:${copy}`
}
