import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { createPrismaClient } from './db.js'

// The composition root: the one module that reads the configuration, creates real
// dependencies, wires them into the app and opens a port.

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

// 🐨 pick the storage here, the one place that knows how the process was started:
// `--no-db` on the command line (process.argv) → createMemoryRepositories(); otherwise the
// Prisma repositories on createPrismaClient(config.databaseUrl). Then createApp({ config, repositories }).
// 💰 import the Prisma side only on the branch that uses it, with a dynamic import()
// (see the README's docs), so the no-db server never even loads the database driver.
// 🐨 and in package.json: a dev:no-db script that watches src/server.ts with tsx, like
// dev does, and passes --no-db (no migration: there is no database).
const config = readConfig()
if (config) {
  const prisma = createPrismaClient(config.databaseUrl)
  const app = createApp({ prisma, config })

  const server = app.listen(config.port, (error) => {
    if (error) throw error
    // With PORT=0 the OS picks a free port, so report the one we actually got.
    const { port } = server.address() as AddressInfo
    console.log(`Conduit listening on http://localhost:${port}`)
  })
} else {
  // Let the process end by itself (its output flushed) with a failing status.
  process.exitCode = 1
}
