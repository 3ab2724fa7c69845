import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import type { Repositories } from './repositories/index.js'
import { createMemoryRepositories } from './repositories/memory/index.js'

// The process's entry point: the one module that reads the configuration, picks the
// storage, hands it to createApp (which wires the rest) and opens a port.
//
//   npm run dev          the database in DATABASE_URL
//   npm run dev:no-db    everything in memory: no database file, no migrations, and
//                        nothing kept once the process ends

function readConfig(): Config | undefined {
  // A .env file is for local development; variables already set in the
  // environment (how a real deployment configures the service) win over it.
  if (fs.existsSync('.env')) process.loadEnvFile('.env')
  try {
    return loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    // One clear message and no stack trace: the fix is in the environment, not the code.
    console.error(`Conduit cannot start: ${error.message}`)
    return undefined
  }
}

/**
 * The storage the app runs on. The Prisma side is imported only when it is used, so
 * with --no-db no database driver is even loaded, let alone a file opened.
 */
async function openStorage(config: Config, inMemory: boolean): Promise<Repositories> {
  if (inMemory) return createMemoryRepositories()
  const { createPrismaClient } = await import('./db.js')
  const { createPrismaRepositories } = await import('./repositories/prisma/index.js')
  return createPrismaRepositories(createPrismaClient(config.databaseUrl))
}

const config = readConfig()
if (config) {
  const inMemory = process.argv.slice(2).includes('--no-db')
  const app = createApp({ config, repositories: await openStorage(config, inMemory) })

  const server = app.listen(config.port, (error) => {
    if (error) throw error
    // With PORT=0 the OS picks a free port, so report the one we actually got.
    const { port } = server.address() as AddressInfo
    console.log(`Conduit listening on http://localhost:${port}${inMemory ? ' (in memory: nothing is kept)' : ''}`)
  })
} else {
  // Let the process end by itself (its output flushed) with a failing status.
  process.exitCode = 1
}
