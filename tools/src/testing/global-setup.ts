import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { findPrismaFolder } from '../prisma/paths.js'
import { ensurePostgresClient, ensurePostgresSql } from '../prisma/postgres-client.js'
import { postgresUrl, sweepEndedSchemas } from './postgres.js'
import { ensureTemplateDatabase, sweepEndedCopies } from './template-database.js'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

/**
 * Readies what PostgreSQL tests read (the workshop's PostgreSQL client and its SQL,
 * made when missing or stale) here, before workers start: they must never generate
 * it side by side. Once per process, so a run of many apps (the validator) shares it.
 * A failure only warns: most apps never touch PostgreSQL, and a test that does says
 * why it cannot.
 */
let prepared: Promise<void> | undefined
function preparePostgres(): Promise<void> {
  prepared ??= (async () => {
    // Without a server no test reads them: a run on SQLite alone spends nothing here.
    const url = postgresUrl()
    if (!url) return
    try {
      const { generated } = ensurePostgresClient()
      if (generated) console.log('Generated the PostgreSQL Prisma client (tools/generated/prisma-postgres).')
      ensurePostgresSql(url)
    } catch (error) {
      console.warn(`PostgreSQL tests cannot run in this run: ${(error as Error).message}`)
      return
    }
    await sweepEndedSchemas(url).catch((error: Error) => console.warn(`Old test schemas were not swept: ${error.message}`))
  })()
  return prepared
}

let swept: Promise<void> | undefined
function sweepPostgres(): Promise<void> {
  const url = postgresUrl()
  swept ??= url ? sweepEndedSchemas(url).then(() => undefined, () => undefined) : Promise.resolve()
  return swept
}

/**
 * Builds (or reuses) the migrated template database for the app under test, and
 * sweeps away the copies (and PostgreSQL schemas) of test processes that have ended,
 * before the run and after.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  sweepEndedCopies()
  await preparePostgres()
  const prismaFolder = findPrismaFolder(project.config.root)
  const cacheDir = path.join(os.tmpdir(), 'production-express', 'templates')
  project.provide('templateDatabase', await ensureTemplateDatabase(prismaFolder, cacheDir))
  return async () => {
    sweepEndedCopies()
    await sweepPostgres()
  }
}
