import type { Express } from 'express'
import type { PrismaClient } from '../../src/generated/prisma/client.js'

/**
 * What src/app.ts and src/db.ts may export. The inherited app exports a ready-made,
 * listening `app` and a `prisma` singleton; once the app is split from the server
 * they export `createApp(deps)` and `createPrismaClient(url)` instead.
 */
interface AppModule {
  app?: Express
  createApp?: (deps: { prisma: PrismaClient }) => Express
}
interface DbModule {
  prisma?: PrismaClient
  createPrismaClient?: (databaseUrl: string) => PrismaClient
}

let built: Promise<Express> | undefined

async function build(): Promise<Express> {
  // The inherited app listens as soon as it is imported: ask for any free port.
  process.env.PORT = '0'
  const appModule: AppModule = await import('../../src/app.js')
  if (appModule.createApp) {
    const db: DbModule = await import('../../src/db.js')
    if (!db.createPrismaClient) throw new Error('🚨 src/db.ts should export createPrismaClient(databaseUrl)')
    return appModule.createApp({ prisma: db.createPrismaClient(process.env.DATABASE_URL!) })
  }
  if (appModule.app) return appModule.app
  throw new Error('🚨 src/app.ts should export createApp(deps)')
}

/**
 * The one place the tests get the Conduit app from. Every test file has its own
 * database (DATABASE_URL, set by the harness) and builds one app on it.
 */
export function getApp(): Promise<Express> {
  built ??= build()
  return built
}
