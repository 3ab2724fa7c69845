/**
 * The Conduit models on a real PostgreSQL through @prisma/adapter-pg: schema SQL
 * rendered offline by Prisma, applied with node-postgres, and the generated client
 * writing and reading through the adapter. Needs a server: CI sets
 * DATABASE_URL_PG; on a laptop, set it to run this file (see the skip message).
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applySqlScript, dropSchema, toPostgresSchema } from '../src/prisma/postgresql.js'
import { runPrisma } from '../src/prisma/run-prisma.js'

const url = process.env.DATABASE_URL_PG
const root = path.resolve(import.meta.dirname, '..', '..')
const app = path.join(import.meta.dirname, '.tmp', 'postgres-app')
const schemaName = `pe_test_${process.pid}_${Date.now()}`

const config = `import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'

process.env.PRISMA_CLIENT_OUTPUT = import.meta.dirname + '/src/generated/prisma'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
  schema: 'prisma/schema.prisma',
})
`

/** The part of the generated client this test uses (it is generated at run time). */
interface ConduitClient {
  user: { create(args: unknown): Promise<{ id: number }> }
  article: {
    create(args: unknown): Promise<unknown>
    findUnique(args: unknown): Promise<{ author: { username: string }; tags: { tag: { name: string } }[] } | null>
  }
  $disconnect(): Promise<void>
}

function prisma(args: string[]): string {
  // The Wasm engine connects even to render SQL; it changes nothing there.
  const result = runPrisma(args, { cwd: app, capture: true, env: { ...process.env, DATABASE_URL: url } })
  if (result.status !== 0) throw new Error(`prisma ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`)
  return result.stdout
}

describe.skipIf(!url)('the PostgreSQL path (set DATABASE_URL_PG=postgresql://user@127.0.0.1:5432/db to run it)', () => {
  beforeAll(() => {
    fs.rmSync(app, { recursive: true, force: true })
    fs.mkdirSync(path.join(app, 'prisma'), { recursive: true })
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'postgres-app', private: true, type: 'module' }))
    fs.writeFileSync(path.join(app, 'prisma.config.ts'), config)
    const schema = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8')
    fs.writeFileSync(path.join(app, 'prisma', 'schema.prisma'), toPostgresSchema(schema))
  })
  afterAll(async () => {
    if (url) await dropSchema(url, schemaName)
  })

  test('Prisma renders the schema as PostgreSQL SQL offline, and PostgreSQL accepts it', async () => {
    const sql = prisma(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'])
    expect(sql).toContain('CREATE TABLE "Article"')
    expect(sql).toContain('SERIAL')
    await applySqlScript(url!, schemaName, sql)
  })

  test('the generated client writes and reads Conduit data through @prisma/adapter-pg', async () => {
    prisma(['generate'])
    const clientFile = path.join(app, 'src', 'generated', 'prisma', 'client.ts')
    const { PrismaClient } = (await import(pathToFileURL(clientFile).href)) as { PrismaClient: new (options: { adapter: PrismaPg }) => ConduitClient }
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url! }, { schema: schemaName }) })
    try {
      const author = await client.user.create({ data: { email: 'pg@example.com', username: 'pg', password: 'x' } })
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
      expect(found?.author.username).toBe('pg')
      expect(found?.tags.map((link) => link.tag.name)).toEqual(['postgres'])
    } finally {
      await client.$disconnect()
    }
  })
})
