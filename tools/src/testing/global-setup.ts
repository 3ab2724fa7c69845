import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { findPrismaFolder } from '../prisma/paths.js'
import { ensureTemplateDatabase, sweepEndedCopies } from './template-database.js'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

/**
 * Builds (or reuses) the migrated template database for the app under test, and
 * sweeps away the copies of test processes that have ended, before the run and after.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  sweepEndedCopies()
  const prismaFolder = findPrismaFolder(project.config.root)
  const cacheDir = path.join(os.tmpdir(), 'production-express', 'templates')
  project.provide('templateDatabase', await ensureTemplateDatabase(prismaFolder, cacheDir))
  return () => void sweepEndedCopies()
}
