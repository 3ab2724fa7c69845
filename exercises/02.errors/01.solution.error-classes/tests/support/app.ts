import type { Express } from 'express'
import { createApp } from '../../src/app.js'
import { createPrismaClient } from '../../src/db.js'

/** A signing secret for tests only: long enough for the config schema, worthless anywhere else. */
export const TEST_JWT_SECRET = 'conduit-tests-only-signing-secret-0123456789'

/**
 * The configuration tests run with: this file's database (DATABASE_URL, set by
 * the harness for every test file), a fixed secret, and any overrides.
 */
export function testConfig(overrides: { jwtSecret?: string; databaseUrl?: string } = {}) {
  return {
    nodeEnv: 'test' as const,
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    jwtSecret: TEST_JWT_SECRET,
    ...overrides,
  }
}

let built: Express | undefined

/**
 * The one place the tests get the Conduit app from: built with createApp on this
 * test file's own database, once per file.
 */
export async function getApp(): Promise<Express> {
  if (!built) {
    const config = testConfig()
    const deps = { prisma: createPrismaClient(config.databaseUrl), config }
    built = createApp(deps)
  }
  return built
}

export interface AppOptions {
  /** A database other than this file's own: an empty one, say, where every query fails. */
  databaseUrl?: string
}

/**
 * An app of the test's own, with some dependencies replaced. getApp() shares one app
 * among a file's tests; this builds a new one each time.
 */
export async function buildApp(options: AppOptions = {}): Promise<Express> {
  const config = testConfig(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl })
  return createApp({ prisma: createPrismaClient(config.databaseUrl), config })
}
