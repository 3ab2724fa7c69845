/**
 * The workshop's one Prisma client for PostgreSQL, and the SQL that creates its
 * tables. Steps generate SQLite clients; tests that run an app on PostgreSQL need
 * a client generated from the same schema with provider "postgresql" (Prisma 6.19
 * refuses an adapter whose provider differs from the schema's). It is generated
 * once, into tools/generated/prisma-postgres/<schema hash>/ (git-ignored), by
 * `npm install` and, when missing, by the tests' global setup; never by test
 * workers, which only read it.
 *
 * A build happens in a folder of its own and is renamed into place, so parallel
 * runs never see half a client; the folder name is the stamp.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { isRunning } from '../processes.js'
import { toPostgresSchema } from './postgresql.js'
import { runPrisma } from './run-prisma.js'

const toolsDir = path.resolve(import.meta.dirname, '..', '..')
export const postgresClientsDir = path.join(toolsDir, 'generated', 'prisma-postgres')
const sharedSchema = path.join(toolsDir, '..', 'prisma', 'schema.prisma')

// The CLI needs a config for the JavaScript engine (no native engine offline); its
// adapter is used by `migrate diff`, which connects even to render SQL.
const config = `import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'

process.env.PRISMA_CLIENT_OUTPUT = import.meta.dirname + '/client'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
  schema: 'schema.prisma',
})
`

export interface PostgresClientFolder {
  /** tools/generated/prisma-postgres/<hash> */
  readonly dir: string
  /** The generated client's entry module. */
  readonly clientModule: string
  /** Where the rendered SQL is cached once a server has been reached. */
  readonly sqlFile: string
}

function folderFor(schemaFile: string): { folder: PostgresClientFolder; schema: string } {
  const schema = toPostgresSchema(fs.readFileSync(schemaFile, 'utf8'))
  const hash = createHash('sha256').update(schema).digest('hex').slice(0, 16)
  const dir = path.join(postgresClientsDir, hash)
  return {
    schema,
    folder: { dir, clientModule: path.join(dir, 'client', 'client.ts'), sqlFile: path.join(dir, 'schema.sql') },
  }
}

/** The folder for the current shared schema, whether or not it has been generated yet. */
export function postgresClientFolder(schemaFile: string = sharedSchema): PostgresClientFolder {
  return folderFor(schemaFile).folder
}

function prisma(dir: string, args: string[], databaseUrl: string): string {
  const result = runPrisma(args, { cwd: dir, capture: true, env: { ...process.env, DATABASE_URL: databaseUrl } })
  if (result.status !== 0) throw new Error(`prisma ${args.join(' ')} failed in ${dir}:\n${result.stdout}${result.stderr}`)
  return result.stdout
}

/** Generates the PostgreSQL client for the shared schema unless it is current; returns where it is. */
export function ensurePostgresClient(schemaFile: string = sharedSchema): { folder: PostgresClientFolder; generated: boolean } {
  const { folder, schema } = folderFor(schemaFile)
  if (fs.existsSync(folder.clientModule)) return { folder, generated: false }

  fs.mkdirSync(postgresClientsDir, { recursive: true })
  const build = path.join(postgresClientsDir, `.build-${process.pid}-${Date.now()}`)
  fs.mkdirSync(build)
  try {
    fs.writeFileSync(path.join(build, 'prisma.config.ts'), config)
    fs.writeFileSync(path.join(build, 'schema.prisma'), schema)
    // generate never connects; the url only has to be a PostgreSQL one.
    prisma(build, ['generate'], 'postgresql://localhost/unused')
    try {
      fs.renameSync(build, folder.dir)
    } catch (error) {
      // Another run renamed the same client into place first: theirs is as good.
      if (!fs.existsSync(folder.clientModule)) throw error
    }
  } finally {
    fs.rmSync(build, { recursive: true, force: true })
  }
  pruneOldClients(path.basename(folder.dir))
  return { folder, generated: true }
}

/** Removes clients of earlier schemas and builds left by processes that ended. */
function pruneOldClients(current: string): void {
  for (const name of fs.readdirSync(postgresClientsDir)) {
    const builder = /^\.build-(\d+)-/.exec(name)?.[1]
    const stale = builder ? !isRunning(Number(builder)) : name !== current
    if (stale) fs.rmSync(path.join(postgresClientsDir, name), { recursive: true, force: true })
  }
}

/**
 * The SQL that creates the Conduit tables on PostgreSQL, rendered by Prisma once per
 * schema and cached beside the client. Rendering needs a reachable server.
 */
export function ensurePostgresSql(databaseUrl: string, schemaFile: string = sharedSchema): { sql: string; rendered: boolean } {
  const { folder } = ensurePostgresClient(schemaFile)
  if (fs.existsSync(folder.sqlFile)) return { sql: fs.readFileSync(folder.sqlFile, 'utf8'), rendered: false }
  const sql = prisma(folder.dir, ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'schema.prisma', '--script'], databaseUrl)
  const partial = `${folder.sqlFile}.${process.pid}.tmp`
  fs.writeFileSync(partial, sql)
  fs.renameSync(partial, folder.sqlFile)
  return { sql, rendered: true }
}
