/**
 * The PostgreSQL test databases step apps run on: a fresh schema with the Conduit
 * tables, Prisma clients on it, and the sweep of schemas whose process ended.
 * Needs a server: CI sets DATABASE_URL_PG; the describe name says how otherwise.
 */
import { spawnSync } from 'node:child_process'
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client'
import pg from 'pg'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { ensurePostgresSql } from '../src/prisma/postgres-client.js'
import {
  createPostgresTestDatabase,
  POSTGRES_HOW_TO,
  postgresTestSchemaName,
  postgresUrl,
  sweepEndedSchemas,
  type PostgresTestDatabase,
} from '../src/testing/postgres.js'

/** The part of the generated client these tests use. */
interface ConduitClient {
  user: {
    create(args: { data: { email: string; username: string; password: string } }): Promise<{ id: number }>
    findUnique(args: { where: { username: string } }): Promise<{ id: number; email: string } | null>
    count(): Promise<number>
  }
  article: {
    create(args: unknown): Promise<unknown>
    findUnique(args: unknown): Promise<{ author: { username: string }; tags: { tag: { name: string } }[] } | null>
  }
}

const url = postgresUrl()

async function schemaExists(schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
    return rowCount === 1
  } finally {
    await client.end()
  }
}

function user(name: string) {
  return { email: `${name}@example.com`, username: name, password: 'not-a-hash' }
}

describe('createPostgresTestDatabase without a server', () => {
  test('says how to enable PostgreSQL tests when DATABASE_URL_PG is unset', async () => {
    const saved = process.env.DATABASE_URL_PG
    delete process.env.DATABASE_URL_PG
    try {
      await expect(createPostgresTestDatabase()).rejects.toThrow(POSTGRES_HOW_TO)
      expect(POSTGRES_HOW_TO).toContain('DATABASE_URL_PG=postgresql://')
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL_PG = saved
    }
  })
})

describe.skipIf(!url)(`PostgreSQL test databases (${POSTGRES_HOW_TO})`, () => {
  const made: PostgresTestDatabase[] = []
  async function database(): Promise<PostgresTestDatabase> {
    const db = await createPostgresTestDatabase()
    made.push(db)
    return db
  }

  // What a run's global setup does before workers start (generating takes seconds).
  beforeAll(() => void ensurePostgresSql(url!), 120_000)
  afterEach(async () => {
    await Promise.all(made.splice(0).map((db) => db.drop()))
  })

  test('names the server it could not reach, without its password', async () => {
    const saved = process.env.DATABASE_URL_PG
    // Nothing listens on port 9 (discard) of loopback: the connection is refused.
    process.env.DATABASE_URL_PG = 'postgresql://someone:secret@127.0.0.1:9/nowhere'
    try {
      const error = (await createPostgresTestDatabase().catch((e: unknown) => e)) as Error
      expect(error.message).toContain('postgresql://someone:***@127.0.0.1:9/nowhere')
      expect(error.message).not.toContain('secret')
    } finally {
      process.env.DATABASE_URL_PG = saved
    }
  })

  test('a client from connect() writes and reads Conduit data in the new schema', async () => {
    const db = await database()
    const client = db.connect<ConduitClient>()
    const author = await client.user.create({ data: user('pg-author') })
    await client.article.create({
      data: {
        slug: 'on-postgres',
        title: 'On Postgres',
        description: 'd',
        body: 'b',
        authorId: author.id,
        tags: { create: [{ tag: { create: { name: 'postgres' } } }] },
      },
    })
    const found = await client.article.findUnique({
      where: { slug: 'on-postgres' },
      include: { author: true, tags: { include: { tag: true } } },
    })
    expect(found?.author.username).toBe('pg-author')
    expect(found?.tags.map((link) => link.tag.name)).toEqual(['postgres'])
  })

  test('the url leads a plain PostgreSQL client to the same schema', async () => {
    const db = await database()
    await db.connect<ConduitClient>().user.create({ data: user('via-prisma') })
    expect(new URL(db.url).searchParams.get('schema')).toBe(db.schema)
    const plain = new pg.Client({ connectionString: db.url })
    await plain.connect()
    try {
      const { rows } = await plain.query<{ username: string }>('SELECT username FROM "User"')
      expect(rows).toEqual([{ username: 'via-prisma' }])
    } finally {
      await plain.end()
    }
  })

  test('two clients of one database see each other’s writes', async () => {
    const db = await database()
    const first = db.connect<ConduitClient>()
    const second = db.connect<ConduitClient>()
    expect(second).not.toBe(first)
    const written = await first.user.create({ data: user('written-by-first') })
    expect(await second.user.findUnique({ where: { username: 'written-by-first' } })).toMatchObject({ id: written.id })
  })

  test('two databases are apart: each starts empty, with a schema name of its own', async () => {
    const one = await database()
    const other = await database()
    expect(other.schema).not.toBe(one.schema)
    expect(one.schema).toContain(`_${process.pid}_`)
    await one.connect<ConduitClient>().user.create({ data: user('only-in-one') })
    expect(await other.connect<ConduitClient>().user.count()).toBe(0)
  })

  test('a unique violation is the Prisma error apps already map (P2002 with the fields)', async () => {
    const client = (await database()).connect<ConduitClient>()
    await client.user.create({ data: user('taken') })
    const error = await client.user.create({ data: { ...user('another'), email: 'taken@example.com' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PrismaClientKnownRequestError)
    expect(error).toMatchObject({
      code: 'P2002',
      meta: { modelName: 'User', driverAdapterError: { cause: { constraint: { fields: ['email'] } } } },
    })
  })

  test('drop() disconnects its clients and removes the schema', async () => {
    const db = await createPostgresTestDatabase()
    const client = db.connect<ConduitClient>()
    await client.user.create({ data: user('dropped') })
    expect(await schemaExists(db.schema)).toBe(true)
    await db.drop()
    expect(await schemaExists(db.schema)).toBe(false)
  })

  test('the sweep drops schemas of ended processes and keeps live ones', async () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!
    const orphan = postgresTestSchemaName(ended)
    const live = await database()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(`CREATE SCHEMA "${orphan}"`)
    } finally {
      await client.end()
    }
    const dropped = await sweepEndedSchemas(url!)
    expect(dropped).toContain(orphan)
    expect(dropped).not.toContain(live.schema)
    expect(await schemaExists(orphan)).toBe(false)
    expect(await schemaExists(live.schema)).toBe(true)
  })
})
