/**
 * The PostgreSQL path. Steps run on SQLite; the same Conduit models run on
 * PostgreSQL through @prisma/adapter-pg (module 12 moves the app there).
 *
 * Prisma 6.19's Wasm schema engine can render a schema's SQL for PostgreSQL
 * offline (`prisma migrate diff`), but `migrate deploy` through the adapter fails
 * on PostgreSQL 15 ("Column type 'name' could not be deserialized"), so the SQL
 * is applied with node-postgres instead.
 */
import pg from 'pg'

/** The shared schema with PostgreSQL as its provider: the same models, another database. */
export function toPostgresSchema(sqliteSchema: string): string {
  const provider = /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/
  if (!provider.test(sqliteSchema)) throw new Error('The schema has no datasource with provider = "sqlite" to convert.')
  return sqliteSchema.replace(provider, '$1"postgresql"')
}

/** Runs a whole SQL script (several statements) in one PostgreSQL schema, in a transaction. */
export async function applySqlScript(connectionString: string, schema: string, script: string): Promise<void> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query('BEGIN')
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
    await client.query(`SET LOCAL search_path TO "${schema}"`)
    await client.query(script)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    await client.end()
  }
}

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
