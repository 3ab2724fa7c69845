/**
 * Fresh PostgreSQL schemas for tests that run a step's app on the real server.
 *
 * Each database is a schema of its own on the server in DATABASE_URL_PG, holding
 * the Conduit tables (the SQL Prisma rendered in the run's global setup), and its
 * clients come from the workshop's PostgreSQL Prisma client: the app code stays
 * as it is, the test hands `connect()`'s client to createApp({ prisma }).
 *
 * A schema's name carries this machine and the pid of the process that made it,
 * so the global setup can drop the ones whose process has ended (a crashed run)
 * without touching another live run's, or another machine's on a shared server.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import { pathToFileURL } from 'node:url'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { postgresClientFolder } from '../prisma/postgres-client.js'
import { applySqlScript, dropSchema } from '../prisma/postgresql.js'
import { isRunning } from '../processes.js'

/** The variable that turns the PostgreSQL tests on, with an example value. */
export const POSTGRES_SETTING = 'DATABASE_URL_PG=postgresql://user@127.0.0.1:5432/db'
export const POSTGRES_HOW_TO = `set ${POSTGRES_SETTING} to run it`

export function postgresUrl(): string | undefined {
  return process.env.DATABASE_URL_PG || undefined
}

export interface PostgresTestDatabase {
  /** Connection string of the fresh schema (in `schema` and in `options=-c search_path`). */
  readonly url: string
  readonly schema: string
  /** A new Prisma client with a pool of its own, on this schema: pass your app's PrismaClient type. */
  connect<Client>(): Client
  /** Disconnects every client connect() made, then drops the schema. */
  drop(): Promise<void>
}

interface GeneratedClient {
  $disconnect(): Promise<void>
}
type ClientClass = new (options: { adapter: PrismaPg }) => GeneratedClient

// Short, and the same for every process on this machine.
const machine = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)
const prefix = `pe_test_${machine}_`
let made = 0

/** A new test schema's name: this machine, the pid that owns it, and a counter. */
export function postgresTestSchemaName(pid: number = process.pid): string {
  made += 1
  return `${prefix}${pid}_${Date.now().toString(36)}_${made}`
}

/** The pid in one of this machine's test schema names, for the sweep. */
function ownerOf(schema: string): number | undefined {
  if (!schema.startsWith(prefix)) return undefined
  const pid = Number(/^(\d+)_/.exec(schema.slice(prefix.length))?.[1])
  return Number.isInteger(pid) ? pid : undefined
}

let loaded: Promise<{ PrismaClient: ClientClass; sql: string }> | undefined
function loadGenerated(): Promise<{ PrismaClient: ClientClass; sql: string }> {
  loaded ??= (async () => {
    const folder = postgresClientFolder()
    if (!fs.existsSync(folder.clientModule) || !fs.existsSync(folder.sqlFile)) {
      throw new Error(
        `The PostgreSQL Prisma client or its SQL is missing (${folder.dir}). The test run's global setup ` +
          "('@production-express/tools/testing/global-setup' in vitest.config.ts) makes both when DATABASE_URL_PG is set " +
          'and the server answers; see its warning above, or run `npx tsx tools/src/setup/generate-clients.ts` at the workshop root.',
      )
    }
    const module = (await import(pathToFileURL(folder.clientModule).href)) as { PrismaClient: ClientClass }
    return { PrismaClient: module.PrismaClient, sql: fs.readFileSync(folder.sqlFile, 'utf8') }
  })()
  loaded.catch(() => (loaded = undefined))
  return loaded
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'an unparsable URL'
  }
}

function schemaUrl(base: string, schema: string): string {
  const url = new URL(base)
  url.searchParams.set('schema', schema)
  // Any PostgreSQL client (psql, node-postgres) lands in the schema too.
  url.searchParams.set('options', `-c search_path="${schema}"`)
  return url.toString()
}

/** A new schema holding the Conduit tables, on the server in DATABASE_URL_PG. */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const base = postgresUrl()
  if (!base) throw new Error(`This test needs a PostgreSQL server: ${POSTGRES_HOW_TO}.`)
  const { PrismaClient, sql } = await loadGenerated()
  const schema = postgresTestSchemaName()
  try {
    await applySqlScript(base, schema, sql)
  } catch (error) {
    throw new Error(
      `Could not create a test schema on the PostgreSQL server in DATABASE_URL_PG (${withoutPassword(base)}): ${(error as Error).message}. Is it running?`,
      { cause: error },
    )
  }

  const clients: GeneratedClient[] = []
  const url = schemaUrl(base, schema)
  return {
    url,
    schema,
    connect<Client>(): Client {
      // The session's search path is the schema too, so raw SQL (a test's trigger, say)
      // names tables as the models do, without qualifying them.
      const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }, { schema }) })
      clients.push(client)
      return client as Client
    },
    async drop(): Promise<void> {
      await Promise.all(clients.splice(0).map((client) => client.$disconnect()))
      await dropSchema(base, schema)
    },
  }
}

/** Drops this machine's test schemas whose process has ended; returns their names. */
export async function sweepEndedSchemas(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)",
      [prefix],
    )
    const ended = rows.map((row) => row.name).filter((name) => {
      const pid = ownerOf(name)
      return pid !== undefined && !isRunning(pid)
    })
    for (const name of ended) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
    return ended
  } finally {
    await client.end()
  }
}
