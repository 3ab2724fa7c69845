import fs from 'node:fs'
import path from 'node:path'

/**
 * The prisma/ folder an app uses: its own if it has one (a step that changes the
 * schema), otherwise the nearest one above it (the workshop's shared schema).
 */
export function findPrismaFolder(appDir: string): string {
  let dir = path.resolve(appDir)
  for (;;) {
    const candidate = path.join(dir, 'prisma')
    if (fs.existsSync(path.join(candidate, 'schema.prisma'))) return candidate
    const parent = path.dirname(dir)
    if (parent === dir) {
      throw new Error(
        `No prisma/schema.prisma in ${appDir} or any folder above it. ` +
          'Run this from a step folder or the playground of the workshop.',
      )
    }
    dir = parent
  }
}

/** Where an app's generated Prisma client lives. */
export function clientOutputFor(appDir: string): string {
  return path.join(appDir, 'src', 'generated', 'prisma')
}

/** The database an app uses when DATABASE_URL is not set: a SQLite file beside it. */
export const DEFAULT_DATABASE_URL = 'file:./dev.db'

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL
}

/** Deletes a SQLite database file with its journal and WAL files; returns false where one stayed (Windows keeps open files). */
export function removeSqliteDatabase(file: string): boolean {
  let removed = true
  for (const suffix of ['', '-journal', '-wal', '-shm']) {
    try {
      fs.rmSync(file + suffix, { force: true })
    } catch {
      removed = false
    }
  }
  return removed
}

/** The file behind a `file:` SQLite URL, or undefined for any other URL. */
export function sqliteFileOf(url: string, cwd: string = process.cwd()): string | undefined {
  if (!url.startsWith('file:')) return undefined
  const file = url.slice('file:'.length).split('?')[0] ?? ''
  return path.resolve(cwd, file)
}
