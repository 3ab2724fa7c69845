import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { findPrismaFolder } from '../prisma/paths.js'
import { ensureTemplateDatabase } from './template-database.js'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

/** Builds (or reuses) the migrated template database for the app under test. */
export default async function setup(project: TestProject): Promise<void> {
  const prismaFolder = findPrismaFolder(project.config.root)
  const cacheDir = path.join(os.tmpdir(), 'production-express', 'templates')
  project.provide('templateDatabase', await ensureTemplateDatabase(prismaFolder, cacheDir))
}
