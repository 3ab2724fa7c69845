import type { Express } from 'express'
import { createApp } from '../../src/app.js'
import { createPrismaClient } from '../../src/db.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { createMemoryRepositories } from '../../src/repositories/memory/index.js'

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
let inMemory = false

/**
 * From now on in this test file, getApp() builds the app on in-memory repositories
 * instead of the file's database: how the contract suite runs a second time, against
 * the storage of `npm run dev:no-db`. Call it before the contract files are imported.
 */
export function useInMemoryRepositories(): void {
  inMemory = true
  built = undefined
}

/**
 * The one place the tests get the Conduit app from: built with createApp on this
 * test file's own database (or in memory, after useInMemoryRepositories()), once per file.
 */
export async function getApp(): Promise<Express> {
  if (!built) {
    const config = testConfig()
    if (inMemory) {
      built = createApp({ repositories: createMemoryRepositories(), config })
    } else {
      const deps = { prisma: createPrismaClient(config.databaseUrl), config }
      built = createApp(deps)
    }
  }
  return built
}

/** What the app reports unexpected errors to: `console`, or a test's stand-in. */
export interface TestLogger {
  error(message: string, ...details: unknown[]): void
  warn?(message: string, ...details: unknown[]): void
}

/** One query the app is about to make, as a Prisma query extension sees it. */
export interface QueryEvent {
  /** "User", "Article", …; undefined for a raw query ($queryRaw, $executeRaw). */
  model: string | undefined
  /** "findUnique", "create", "delete", "$queryRaw", … */
  operation: string
  args: unknown
}

export interface AppOptions {
  /** A database other than this file's own: an empty one, say, where every query fails. */
  databaseUrl?: string
  /** Stands in for the console, so a test can read what the app logged. */
  logger?: TestLogger
  /**
   * Called before every query the app makes, which waits for the promise it returns: a
   * test can record the queries, or hold some back until other requests catch up.
   */
  beforeQuery?: (query: QueryEvent) => void | Promise<void>
  /**
   * Called with each query's result once the database has answered (what the app read),
   * and waited for like beforeQuery: a test can hold back an answer already read.
   */
  afterQuery?: (query: QueryEvent, result: unknown) => void | Promise<void>
  /** A cache for the app to use instead of making its own (from 06.01: `createApp({ cache })`). */
  cache?: unknown
  /**
   * A Prisma client of the test's own (a PostgreSQL one, say) instead of a new client on
   * `databaseUrl`; the test disconnects it.
   */
  prisma?: PrismaClient
}

function observed(prisma: PrismaClient, { beforeQuery, afterQuery }: AppOptions): PrismaClient {
  const extended = prisma.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        await beforeQuery?.({ model, operation, args })
        const result = await query(args)
        await afterQuery?.({ model, operation, args }, result)
        return result
      },
    },
  })
  // The extended client has the same API; TypeScript only spells its type differently.
  return extended as unknown as PrismaClient
}

/**
 * An app of the test's own, with some dependencies replaced. getApp() shares one app
 * among a file's tests; this builds a new one each time.
 */
export async function buildApp(options: AppOptions = {}): Promise<Express> {
  const config = testConfig(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl })
  const prisma = options.prisma ?? createPrismaClient(config.databaseUrl)
  const watched = options.beforeQuery !== undefined || options.afterQuery !== undefined
  const deps = { prisma: watched ? observed(prisma, options) : prisma, config }
  const withLogger = options.logger === undefined ? deps : { ...deps, logger: options.logger }
  // Passed only when a test gives one, so that every earlier step's app is built as before.
  const withCache = options.cache === undefined ? withLogger : { ...withLogger, cache: options.cache }
  // Typed as the deps every step accepts: a step before 06.01 has no `cache` to name.
  return createApp(withCache as typeof deps)
}
