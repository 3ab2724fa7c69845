/**
 * The databases module 05's tests run on: this file's SQLite copy always, and a fresh
 * PostgreSQL schema when DATABASE_URL_PG is set. A transaction bug that SQLite hides
 * (one writer at a time) can show on PostgreSQL (many writers, row locks), so each
 * practice test runs on both.
 *
 * Each backend hands out apps on its database and a connection of its own, outside
 * any app, for what a test does behind the app's back: a trigger that makes a write
 * fail, a lock held by "another process", a count read straight from the table.
 */
import type { Express } from 'express'
import { randomBytes } from 'node:crypto'
import { createClient } from '@libsql/client'
import {
  createPostgresTestDatabase,
  POSTGRES_HOW_TO,
  postgresUrl,
  type PostgresTestDatabase,
} from '@production-express/tools/testing/postgres'
import { test } from 'vitest'
import { createPrismaClient } from '../../src/db.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { buildApp, type AppOptions } from './app.js'

export type BackendName = 'SQLite' | 'PostgreSQL'

export interface Fault {
  /** The table, as named in the schema: "Tag", "ArticleTag", "Comment"… */
  table: string
  on: 'INSERT' | 'DELETE'
  /**
   * Which rows fail, as an SQL condition on NEW (insert) or OLD (delete) that both
   * SQLite and PostgreSQL understand, e.g. `NEW."name" = 'tag-x'`.
   */
  when: string
}

export interface Backend {
  readonly name: BackendName
  /** Call in beforeAll: connects (and, for PostgreSQL, creates the schema). */
  start(): Promise<void>
  /** Call in afterAll: disconnects every client it made (and drops the schema). */
  stop(): Promise<void>
  /** A new app on this database, on a Prisma client of its own. */
  app(options?: Omit<AppOptions, 'prisma' | 'databaseUrl'>): Promise<Express>
  /** A new Prisma client on this database, outside any app. */
  client(): PrismaClient
  /** SQL on the backend's own connection. */
  execute(sql: string): Promise<void>
  /** Rows read on the backend's own connection. */
  query<Row>(sql: string): Promise<Row[]>
  /**
   * From now on, every write of `fault` fails inside the database (a trigger), whoever
   * sends it and however. Returns the function that removes the fault again.
   */
  injectFault(fault: Fault): Promise<() => Promise<void>>
  /**
   * Runs `work` in one transaction on a connection of its own, as another process would,
   * for as long as it takes (up to `timeoutMs`).
   */
  inTransaction<T>(work: (tx: RawSql) => Promise<T>, timeoutMs: number): Promise<T>
}

/** SQL sent inside a transaction of Backend.inTransaction. */
export interface RawSql {
  execute(sql: string): Promise<void>
  query<Row>(sql: string): Promise<Row[]>
}

/**
 * Takes SQLite's write lock from a connection of its own, as another process would, and
 * keeps it for `ms`: every other connection's write meets SQLITE_BUSY meanwhile. Resolves
 * once the lock is held; `released` settles when it has been given back.
 */
export async function holdSqliteWriteLock(ms: number): Promise<{ released: Promise<void> }> {
  // libSQL's own client, not Prisma: the lock must end with a ROLLBACK we can see fail
  // and repeat. BEGIN IMMEDIATE takes the write lock at once.
  const client = createClient({ url: process.env.DATABASE_URL! })
  const transaction = await client.transaction('write')
  const released = (async () => {
    await new Promise((resolve) => setTimeout(resolve, ms))
    // A ROLLBACK can meet SQLITE_BUSY while another connection is reading; given up, it
    // would leave the lock held for good. Repeat it until it is through.
    for (;;) {
      try {
        await transaction.rollback()
        break
      } catch (error) {
        if (!/SQLITE_BUSY/.test(String(error))) throw error
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }
    transaction.close()
    client.close()
  })()
  return { released }
}

/** A quoted SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

function triggerName(): string {
  return `injected_fault_${randomBytes(6).toString('hex')}`
}

abstract class BaseBackend implements Backend {
  abstract readonly name: BackendName
  protected clients: PrismaClient[] = []
  protected admin: PrismaClient | undefined

  abstract start(): Promise<void>
  protected abstract newClient(): PrismaClient
  abstract injectFault(fault: Fault): Promise<() => Promise<void>>

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.$disconnect()))
    this.clients = []
    this.admin = undefined
  }

  client(): PrismaClient {
    const client = this.newClient()
    this.clients.push(client)
    return client
  }

  app(options: Omit<AppOptions, 'prisma' | 'databaseUrl'> = {}): Promise<Express> {
    return buildApp({ ...options, prisma: this.client() })
  }

  protected connection(): PrismaClient {
    this.admin ??= this.client()
    return this.admin
  }

  async execute(sql: string): Promise<void> {
    await this.connection().$executeRawUnsafe(sql)
  }

  query<Row>(sql: string): Promise<Row[]> {
    return this.connection().$queryRawUnsafe<Row[]>(sql)
  }

  inTransaction<T>(work: (tx: RawSql) => Promise<T>, timeoutMs: number): Promise<T> {
    return this.client().$transaction(
      (tx) =>
        work({
          execute: async (sql) => void (await tx.$executeRawUnsafe(sql)),
          query: (sql) => tx.$queryRawUnsafe(sql),
        }),
      { timeout: timeoutMs, maxWait: timeoutMs },
    )
  }
}

class SqliteBackend extends BaseBackend {
  readonly name = 'SQLite' as const

  async start(): Promise<void> {}

  protected newClient(): PrismaClient {
    return createPrismaClient(process.env.DATABASE_URL!)
  }

  async injectFault({ table, on, when }: Fault): Promise<() => Promise<void>> {
    const name = triggerName()
    await this.execute(
      `CREATE TRIGGER "${name}" BEFORE ${on} ON "${table}" WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected fault ${name}'); END`,
    )
    return () => this.execute(`DROP TRIGGER IF EXISTS "${name}"`)
  }
}

class PostgresBackend extends BaseBackend {
  readonly name = 'PostgreSQL' as const
  private database: PostgresTestDatabase | undefined

  async start(): Promise<void> {
    this.database = await createPostgresTestDatabase()
  }

  override async stop(): Promise<void> {
    // drop() disconnects every client connect() made.
    this.clients = []
    this.admin = undefined
    await this.database?.drop()
    this.database = undefined
  }

  protected newClient(): PrismaClient {
    if (!this.database) throw new Error('PostgresBackend.start() was not called (beforeAll)')
    return this.database.connect<PrismaClient>()
  }

  async injectFault({ table, on, when }: Fault): Promise<() => Promise<void>> {
    const name = triggerName()
    // A trigger's WHEN may not hold a subquery in PostgreSQL: the condition goes in the body.
    await this.execute(
      `CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
        `IF ${when} THEN RAISE EXCEPTION 'injected fault ${name}'; END IF; ` +
        `IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$`,
    )
    await this.execute(`CREATE TRIGGER "${name}" BEFORE ${on} ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${name}"()`)
    return async () => {
      await this.execute(`DROP TRIGGER IF EXISTS "${name}" ON "${table}"`)
      await this.execute(`DROP FUNCTION IF EXISTS "${name}"()`)
    }
  }
}

/** This test file's SQLite copy, for tests about SQLite's own behaviour (its write lock). */
export function sqliteBackend(): Backend {
  return new SqliteBackend()
}

/**
 * The databases to run on: SQLite, and PostgreSQL when it is configured. Call it where
 * tests are declared (describe.each): without PostgreSQL it declares a skipped test whose
 * name says how to run that half, so the gap shows in every report.
 */
export function backends(): Backend[] {
  if (postgresUrl() === undefined) {
    test.skip(`on PostgreSQL as well: ${POSTGRES_HOW_TO}`)
    return [new SqliteBackend()]
  }
  return [new SqliteBackend(), new PostgresBackend()]
}
