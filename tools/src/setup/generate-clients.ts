/**
 * Generates the Prisma client of every app (each step and the playground).
 * Apps that share a schema get one `prisma generate` and copies of its output,
 * and an app whose client already matches its schema is left alone.
 *
 *   tsx tools/src/setup/generate-clients.ts            every app, and the workshop's PostgreSQL client
 *   tsx tools/src/setup/generate-clients.ts playground  only the apps named
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { clientOutputFor, findPrismaFolder } from '../prisma/paths.js'
import { ensurePostgresClient } from '../prisma/postgres-client.js'
import { runPrisma } from '../prisma/run-prisma.js'
import { findWorkshopRoot, listApps } from '../workshop.js'

const STAMP = '.schema-hash'

function schemaHash(prismaFolder: string): string {
  return createHash('sha256').update(fs.readFileSync(path.join(prismaFolder, 'schema.prisma'))).digest('hex')
}

function isCurrent(appDir: string, hash: string): boolean {
  const stamp = path.join(clientOutputFor(appDir), STAMP)
  return fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash
}

function generate(appDir: string, hash: string): void {
  const result = runPrisma(['generate'], { cwd: appDir, capture: true })
  if (result.status !== 0) {
    throw new Error(`prisma generate failed in ${appDir}:\n${result.stdout}\n${result.stderr}`)
  }
  fs.writeFileSync(path.join(clientOutputFor(appDir), STAMP), hash)
}

export function generateClients(apps: string[]): { generated: number; copied: number; current: number } {
  const counts = { generated: 0, copied: 0, current: 0 }
  const bySchema = new Map<string, string[]>()
  for (const app of apps) {
    const folder = findPrismaFolder(app)
    bySchema.set(folder, [...(bySchema.get(folder) ?? []), app])
  }
  for (const [folder, group] of bySchema) {
    const hash = schemaHash(folder)
    const stale = group.filter((app) => !isCurrent(app, hash))
    if (stale.length === 0) {
      counts.current += group.length
      continue
    }
    const source = group.find((app) => isCurrent(app, hash)) ?? stale[0]!
    if (stale.includes(source)) {
      generate(source, hash)
      counts.generated++
    }
    for (const app of stale.filter((app) => app !== source)) {
      fs.rmSync(clientOutputFor(app), { recursive: true, force: true })
      fs.cpSync(clientOutputFor(source), clientOutputFor(app), { recursive: true })
      counts.copied++
    }
    counts.current += group.length - stale.length
  }
  return counts
}

if (process.argv[1] === import.meta.filename) {
  const root = findWorkshopRoot(import.meta.dirname)
  const names = process.argv.slice(2)
  const apps = names.length > 0 ? names.map((name) => path.resolve(root, name)) : listApps(root)
  const started = performance.now()
  const counts = generateClients(apps)
  const ms = Math.round(performance.now() - started)
  console.log(
    `Prisma clients: ${counts.generated} generated, ${counts.copied} copied, ${counts.current} already current (${ms} ms)`,
  )
  if (names.length === 0) {
    // Tests that run an app on PostgreSQL use this one (see tools/src/testing/postgres.ts).
    const { generated } = ensurePostgresClient()
    console.log(`PostgreSQL Prisma client: ${generated ? 'generated' : 'already current'} (tools/generated/prisma-postgres)`)
  }
}
