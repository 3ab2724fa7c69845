import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type { Express } from 'express'
import request from 'supertest'
import { describe, expect, test, vi } from 'vitest'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { testConfig, TEST_JWT_SECRET } from './support/app.js'
import { copyTestDatabase } from './support/databases.js'
import { registerUser } from './support/factories.js'
import { startServer } from './support/server.js'

const srcDir = path.resolve(import.meta.dirname, '../src')

// What the step asks src/app.ts and src/db.ts to export. They are imported inside
// the tests, so this file loads (and each test fails on its own) before they exist.
interface AppModule {
  // The inherited exports are listed too, so this file typechecks before and after the step.
  app?: unknown
  createApp?(deps: { prisma: PrismaClient; config: ReturnType<typeof testConfig> }): Express
}
interface DbModule {
  prisma?: unknown
  createPrismaClient?(databaseUrl: string): PrismaClient
}

async function loadCreateApp(): Promise<NonNullable<AppModule['createApp']>> {
  const mod: AppModule | undefined = await import('../src/app.js').catch(() => undefined)
  expect(typeof mod?.createApp, '🚨 src/app.ts should export a function createApp(deps) that returns the app').toBe(
    'function',
  )
  return mod!.createApp!
}

async function loadCreatePrismaClient(): Promise<NonNullable<DbModule['createPrismaClient']>> {
  const mod: DbModule | undefined = await import('../src/db.js').catch(() => undefined)
  expect(
    typeof mod?.createPrismaClient,
    '🚨 src/db.ts should export a function createPrismaClient(databaseUrl) that returns a new PrismaClient',
  ).toBe('function')
  return mod!.createPrismaClient!
}

/** The .ts files under src/ (without the generated Prisma client), relative to src/. */
function sourceFiles(dir = srcDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full)
    return entry.name.endsWith('.ts') ? [path.relative(srcDir, full).split(path.sep).join('/')] : []
  })
}

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
}

describe('01.01 app factory', () => {
  test('importing src/app.ts opens no port', async () => {
    // Stand in for the real listen, so a module that still listens on import is caught without taking a port.
    const listen = vi.spyOn(net.Server.prototype, 'listen').mockImplementation(function (this: net.Server) {
      return this
    })
    let listenCalls: number
    try {
      vi.resetModules()
      await import('../src/app.js')
    } finally {
      listenCalls = listen.mock.calls.length
      listen.mockRestore()
      vi.resetModules()
    }
    expect(
      listenCalls,
      '🚨 importing src/app.ts started a server: build the app in createApp(deps) and call listen() only in src/server.ts',
    ).toBe(0)
  })

  test('src/db.ts exports a factory, not a client made at import time', async () => {
    const createPrismaClient = await loadCreatePrismaClient()
    const db = (await import('../src/db.js')) as Record<string, unknown>
    const readyMade = Object.keys(db).filter((key) => {
      const value = db[key]
      return typeof value === 'object' && value !== null && '$connect' in value
    })
    expect(
      readyMade,
      '🚨 src/db.ts still exports a client it created on import: export only createPrismaClient(databaseUrl)',
    ).toEqual([])
    const prisma = createPrismaClient(process.env.DATABASE_URL!)
    try {
      expect(await prisma.user.count(), '🚨 createPrismaClient(url) should return a PrismaClient for that url').toBe(0)
    } finally {
      await prisma.$disconnect()
    }
  })

  test('createApp(deps) returns an app that serves requests, without listening', async () => {
    const createApp = await loadCreateApp()
    const createPrismaClient = await loadCreatePrismaClient()
    const prisma = createPrismaClient(process.env.DATABASE_URL!)
    const listen = vi.spyOn(net.Server.prototype, 'listen')
    let app: Express
    let listenCalls: number
    try {
      app = createApp({ prisma, config: testConfig() })
    } finally {
      listenCalls = listen.mock.calls.length
      listen.mockRestore()
    }
    expect(listenCalls, '🚨 createApp(deps) opened a port: only src/server.ts should listen').toBe(0)
    try {
      const response = await request(app).get('/api/tags')
      expect(response.status, '🚨 the app from createApp(deps) should answer GET /api/tags').toBe(200)
      expect(Array.isArray(response.body.tags), '🚨 GET /api/tags should answer { tags: [...] }').toBe(true)
    } finally {
      await prisma.$disconnect()
    }
  })

  test('two apps built on two databases share no data: the client really is injected', async () => {
    const createApp = await loadCreateApp()
    const createPrismaClient = await loadCreatePrismaClient()
    const other = copyTestDatabase()
    const prismaA = createPrismaClient(process.env.DATABASE_URL!)
    const prismaB = createPrismaClient(other.url)
    try {
      const appA = createApp({ prisma: prismaA, config: testConfig() })
      const appB = createApp({ prisma: prismaB, config: testConfig({ databaseUrl: other.url }) })

      const { user: inA } = await registerUser(appA)
      expect((await request(appA).get(`/api/profiles/${inA.username}`)).status).toBe(200)
      expect(
        (await request(appB).get(`/api/profiles/${inA.username}`)).status,
        '🚨 app B found a user registered through app A: createApp must run every query on deps.prisma, not on a client of its own',
      ).toBe(404)

      const { user: inB } = await registerUser(appB)
      expect(
        (await request(appA).get(`/api/profiles/${inB.username}`)).status,
        '🚨 app A found a user registered through app B: createApp must run every query on deps.prisma',
      ).toBe(404)
    } finally {
      await prismaA.$disconnect()
      await prismaB.$disconnect()
      other.remove()
    }
  })

  test('only src/server.ts calls listen()', () => {
    const callers = sourceFiles().filter((file) =>
      /\.listen\s*\(/.test(withoutComments(fs.readFileSync(path.join(srcDir, file), 'utf8'))),
    )
    expect(
      callers,
      '🚨 listen() belongs to the composition root alone: src/server.ts should call it, and no other file in src/',
    ).toEqual(['server.ts'])
  })

  test('src/server.ts wires the app, listens on PORT and logs its URL', { timeout: 30_000 }, async () => {
    const server = await startServer({ PORT: '0', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: TEST_JWT_SECRET })
    try {
      expect(
        server.url,
        `🚨 src/server.ts should create the client and the app, listen on PORT and log "…listening on http://localhost:<port>" (the port it really got: PORT=0 means any free port).\nstderr: ${server.stderr.slice(0, 500)}`,
      ).toBeDefined()
      const response = await fetch(`${server.url}/api/tags`)
      expect(response.status, `🚨 the server at ${server.url} should answer GET /api/tags`).toBe(200)
    } finally {
      await server.stop()
    }
  })
})
