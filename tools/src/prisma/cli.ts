/**
 * prisma-offline: the Prisma CLI, with the workarounds that let Prisma 6.19's Wasm
 * schema engine run the whole migrate workflow on a machine that reaches only
 * the npm registry. Every command not listed here goes to `prisma` unchanged.
 *
 * - `migrate dev` on a database that has never been migrated fails with
 *   "no such table: _prisma_migrations": apply the existing migrations first.
 * - `migrate reset` fails with "table already exists" because the Wasm engine
 *   cannot drop a SQLite database: delete the file, deploy, then seed.
 * - Some commands sit for a minute on a timer the Wasm engine never clears:
 *   see unref-long-timers.cjs.
 */
import fs from 'node:fs'
import { createInterface } from 'node:readline/promises'
import { createClient } from '@libsql/client'
import { databaseUrl, removeSqliteDatabase, sqliteFileOf } from './paths.js'
import { withoutAdapterUrlWarning } from './output.js'
import { runPrisma } from './run-prisma.js'

function prisma(args: string[]): number {
  const result = runPrisma(args)
  if (result.error) {
    console.error(`prisma-offline: could not run prisma (${result.error.message}). Run npm install at the workshop root.`)
    return 1
  }
  return result.status ?? 1
}

async function hasMigrationTable(url: string): Promise<boolean> {
  const file = sqliteFileOf(url)
  if (file !== undefined && !fs.existsSync(file)) return false
  const client = createClient({ url })
  try {
    const result = await client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'",
    )
    return result.rows.length > 0
  } finally {
    client.close()
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    const answer = await rl.question(`${question} [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}

async function reset(args: string[]): Promise<number> {
  const url = databaseUrl()
  const file = sqliteFileOf(url)
  if (file === undefined) {
    console.error(`prisma-offline: reset works on SQLite file databases; DATABASE_URL is ${url}.`)
    return 1
  }
  const force = args.includes('--force') || args.includes('-f')
  if (!force) {
    if (!process.stdin.isTTY) {
      console.error(`prisma-offline: reset deletes ${file} and all its data. Pass --force to do it without a prompt.`)
      return 1
    }
    if (!(await confirm(`Delete ${file} and all its data, then rebuild it from the migrations?`))) {
      console.log('Nothing was deleted.')
      return 0
    }
  }
  if (!removeSqliteDatabase(file)) {
    console.error(`prisma-offline: could not delete ${file}; stop the app that has it open and try again.`)
    return 1
  }
  console.log(`Deleted ${file}.`)
  const deployed = prisma(['migrate', 'deploy'])
  if (deployed !== 0 || args.includes('--skip-seed')) return deployed
  return prisma(['db', 'seed'])
}

function deploy(): number {
  const result = runPrisma(['migrate', 'deploy'], { capture: true })
  if (result.error) return prisma(['migrate', 'deploy'])
  // Prisma says which config it loaded on stderr before anything else.
  process.stderr.write(withoutAdapterUrlWarning(result.stderr))
  process.stdout.write(withoutAdapterUrlWarning(result.stdout))
  return result.status ?? 1
}

async function main(args: string[]): Promise<number> {
  const [command, subcommand, ...rest] = args
  if (command === 'migrate' && subcommand === 'dev') {
    if (!(await hasMigrationTable(databaseUrl()))) {
      const deployed = prisma(['migrate', 'deploy'])
      if (deployed !== 0) return deployed
    }
    return prisma(['migrate', 'dev', ...rest])
  }
  if (command === 'migrate' && subcommand === 'reset') return reset(rest)
  if (command === 'migrate' && subcommand === 'deploy' && rest.length === 0) return deploy()
  return prisma(args)
}

process.exitCode = await main(process.argv.slice(2))
