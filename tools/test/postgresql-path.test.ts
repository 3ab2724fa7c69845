/**
 * The PostgreSQL path's build: the workshop's one PostgreSQL Prisma client,
 * generated from the shared schema with its provider switched, and the SQL Prisma
 * renders for it offline, which PostgreSQL accepts. (postgres.test.ts runs the
 * client against the tables.) Rendering needs a server: CI sets DATABASE_URL_PG;
 * on a laptop, set it to run this file (see the describe name).
 */
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import { ensurePostgresClient, ensurePostgresSql, postgresClientFolder } from '../src/prisma/postgres-client.js'
import { applySqlScript, dropSchema, toPostgresSchema } from '../src/prisma/postgresql.js'
import { POSTGRES_HOW_TO, postgresTestSchemaName, postgresUrl } from '../src/testing/postgres.js'

const url = postgresUrl()

describe('toPostgresSchema', () => {
  test('switches the datasource provider and leaves the models alone', () => {
    const sqlite = 'datasource db {\n  provider = "sqlite"\n  url = env("DATABASE_URL")\n}\nmodel Tag {\n  name String @unique\n}\n'
    expect(toPostgresSchema(sqlite)).toBe(sqlite.replace('"sqlite"', '"postgresql"'))
  })

  test('refuses a schema that has no SQLite datasource', () => {
    expect(() => toPostgresSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow('provider = "sqlite"')
  })
})

describe('the PostgreSQL Prisma client', () => {
  test('is generated once for the shared schema, into a folder named by its hash', () => {
    const first = ensurePostgresClient()
    expect(first.folder).toEqual(postgresClientFolder())
    expect(fs.readFileSync(path.join(first.folder.dir, 'schema.prisma'), 'utf8')).toContain('provider = "postgresql"')
    expect(fs.existsSync(first.folder.clientModule)).toBe(true)
    expect(ensurePostgresClient().generated).toBe(false)
  })
})

describe.skipIf(!url)(`the PostgreSQL schema SQL (${POSTGRES_HOW_TO})`, () => {
  const schema = postgresTestSchemaName()
  afterAll(async () => {
    if (url) await dropSchema(url, schema)
  })

  test('Prisma renders the schema as PostgreSQL SQL offline, cached beside the client, and PostgreSQL accepts it', async () => {
    const { sql } = ensurePostgresSql(url!)
    expect(sql).toContain('CREATE TABLE "Article"')
    expect(sql).toContain('SERIAL')
    expect(ensurePostgresSql(url!)).toEqual({ sql, rendered: false })
    await applySqlScript(url!, schema, sql)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const { rows } = await client.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      )
      expect(rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(['Article', 'Comment', 'Tag', 'User']))
    } finally {
      await client.end()
    }
  })
})
