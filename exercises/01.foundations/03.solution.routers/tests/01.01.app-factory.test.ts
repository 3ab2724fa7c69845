import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { describeSite, findCalls, readSourceModules, ts } from '@production-express/tools/testing/source-code'
import type { Express } from 'express'
import request from 'supertest'
import { describe, expect, test, vi } from 'vitest'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { copyTestDatabase } from './support/databases.js'
import { registerUser } from './support/factories.js'
import { startServer } from './support/server.js'

const appDir = path.resolve(import.meta.dirname, '..')

/** A port no one listens on right now: the system's pick for a server opened and closed at once. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}
const srcDir = path.join(appDir, 'src')

/** Long enough for the configuration of later steps; used only by these tests. */
const SECRET = 'app-factory-tests-signing-secret-0123456789'

// What the step asks src/app.ts and src/db.ts to export. They are imported inside
// the tests, so this file loads (and each test fails on its own) before they exist.
interface AppModule {
  // The inherited exports are listed too, so this file typechecks before and after the step.
  app?: unknown
  createApp?(deps: { prisma: PrismaClient; config?: unknown }): Express
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

/**
 * The configuration createApp needs from step 01.02 on (none before): this app's own
 * loadConfig, given a test environment for `databaseUrl`. Imported by a name built at
 * run time because src/config.ts does not exist yet in this step.
 */
async function configFor(databaseUrl: string): Promise<unknown> {
  const specifier = '../src/config.js'
  const mod = (await import(/* @vite-ignore */ specifier).catch(() => undefined)) as
    { loadConfig?: (env: Record<string, string>) => unknown } | undefined
  return mod?.loadConfig?.({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: databaseUrl, JWT_SECRET: SECRET })
}

/**
 * The same client, with every query a few milliseconds late, as on a busy database.
 * SQLite answers so fast that two requests never overlap otherwise; with the delay,
 * one request's queries run while another request is in flight.
 */
function slowed(prisma: PrismaClient): PrismaClient {
  return prisma.$extends({
    query: {
      async $allOperations({ args, query }) {
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 4))
        return query(args)
      },
    },
  }) as unknown as PrismaClient
}

/** An app built by createApp on its own client for `databaseUrl`; close() disconnects the client. */
async function buildApp(
  databaseUrl: string,
  { slow = false } = {},
): Promise<{ app: Express; close: () => Promise<void> }> {
  const createApp = await loadCreateApp()
  const createPrismaClient = await loadCreatePrismaClient()
  const config = await configFor(databaseUrl)
  const prisma = createPrismaClient(databaseUrl)
  return { app: createApp({ prisma: slow ? slowed(prisma) : prisma, config }), close: () => prisma.$disconnect() }
}

/** The status of GET /api/profiles/:username: 200 where the user exists, 404 where not. */
async function profileStatus(app: Express, username: string): Promise<number> {
  return (await request(app).get(`/api/profiles/${username}`)).status
}

/** The commands of an npm script (split at &&, || and ;), each as its words. */
function commandsOf(script: string | undefined): string[][] {
  return (script ?? '')
    .split(/&&|\|\||;/)
    .map((command) => command.trim().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0)
}

/** Whether a word of a command names `file` (relative to the app): `src/server.ts`, `./src/server.ts`, quoted. */
function namesFile(word: string, file: string): boolean {
  return path.posix.normalize(word.replace(/^["']|["']$/g, '')) === file
}

const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as {
  scripts?: Record<string, string>
}

/**
 * The file `npm run build` writes for src/server.ts, relative to the app, read from the
 * tsconfig its `tsc -p <config>` compiles with. Undefined when the build is not tsc.
 */
function builtServerFile(): string | undefined {
  const tsc = commandsOf(manifest.scripts?.build).find((words) => words[0] === 'tsc')
  if (!tsc) return undefined
  const flag = tsc.findIndex((word) => word === '-p' || word === '--project')
  const configFile = path.resolve(appDir, flag >= 0 ? (tsc[flag + 1] ?? '') : 'tsconfig.json')
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  )
  if (!parsed) return undefined
  const outputs = ts.getOutputFileNames(parsed, path.join(srcDir, 'server.ts'), !ts.sys.useCaseSensitiveFileNames)
  const js = outputs.find((file) => file.endsWith('.js'))
  return js && path.relative(appDir, js).split(path.sep).join('/')
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
    // A database of its own: the file's database may already hold other tests' users.
    const fresh = copyTestDatabase()
    const prisma = createPrismaClient(fresh.url)
    // A client kept per URL would be shared by every app on that database: one app's
    // close() would end the other's connections.
    const again = createPrismaClient(fresh.url)
    try {
      expect(await prisma.user.count(), '🚨 createPrismaClient(url) should return a PrismaClient for that url').toBe(0)
      expect(
        again,
        '🚨 createPrismaClient(url) should make a new client on every call, not hand back one it keeps',
      ).not.toBe(prisma)
    } finally {
      await prisma.$disconnect()
      await again.$disconnect()
      fresh.remove()
    }
  })

  test('createApp(deps) returns an app that serves requests, without listening', async () => {
    const listen = vi.spyOn(net.Server.prototype, 'listen')
    let built: Awaited<ReturnType<typeof buildApp>>
    let listenCalls: number
    try {
      built = await buildApp(process.env.DATABASE_URL!)
    } finally {
      listenCalls = listen.mock.calls.length
      listen.mockRestore()
    }
    expect(listenCalls, '🚨 createApp(deps) opened a port: only src/server.ts should listen').toBe(0)
    try {
      const response = await request(built.app).get('/api/tags')
      expect(response.status, '🚨 the app from createApp(deps) should answer GET /api/tags').toBe(200)
      expect(Array.isArray(response.body.tags), '🚨 GET /api/tags should answer { tags: [...] }').toBe(true)
    } finally {
      await built.close()
    }
  })

  test('two apps built on two databases share no data: the client really is injected', async () => {
    const other = copyTestDatabase()
    const a = await buildApp(process.env.DATABASE_URL!)
    const b = await buildApp(other.url)
    try {
      const { user: inA } = await registerUser(a.app)
      expect(await profileStatus(a.app, inA.username)).toBe(200)
      expect(
        await profileStatus(b.app, inA.username),
        '🚨 app B found a user registered through app A: createApp must run every query on deps.prisma, not on a client of its own',
      ).toBe(404)

      const { user: inB } = await registerUser(b.app)
      expect(
        await profileStatus(a.app, inB.username),
        '🚨 app A found a user registered through app B: createApp must run every query on deps.prisma',
      ).toBe(404)
    } finally {
      await a.close()
      await b.close()
      other.remove()
    }
  })

  test('two apps serving requests at the same time each use their own database', async () => {
    const other = copyTestDatabase()
    const a = await buildApp(process.env.DATABASE_URL!, { slow: true })
    const b = await buildApp(other.url, { slow: true })
    try {
      // Interleaved, so each app's queries run while the other app's requests are in flight.
      const registered = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const [home, away] = i % 2 === 0 ? [a, b] : [b, a]
          const { user } = await registerUser(home.app)
          return { user, home, away }
        }),
      )
      const misplaced = await Promise.all(
        registered.map(async ({ user, home, away }) => {
          const found = [await profileStatus(home.app, user.username), await profileStatus(away.app, user.username)]
          return found[0] === 200 && found[1] === 404 ? [] : [`${user.username} (${found.join(', ')})`]
        }),
      )
      expect(
        misplaced.flat(),
        "🚨 under concurrent requests, users landed in the other app's database (status in its own app, in the other): " +
          'every query of an app must use the client that app was built with, not one kept in a module variable',
      ).toEqual([])
    } finally {
      await a.close()
      await b.close()
      other.remove()
    }
  })

  test('only src/server.ts calls listen()', () => {
    const calls = readSourceModules(srcDir).flatMap((module) => findCalls(module, 'listen'))
    const elsewhere = calls.filter((call) => call.file !== 'server.ts').map(describeSite)
    expect(
      elsewhere,
      '🚨 listen() belongs to the composition root alone: move it from these files to src/server.ts',
    ).toEqual([])
    expect(
      calls.length,
      '🚨 src/server.ts should build the app with createApp(deps) and call listen() on it',
    ).toBeGreaterThan(0)
  })

  test('src/server.ts wires the app, listens on PORT and logs its URL', { timeout: 30_000 }, async () => {
    // A port of the test's choosing, free a moment ago: the server must listen on that one.
    // Another process may take the port between our probe and the server's listen: then
    // the server fails with EADDRINUSE, and the test tries another port (not a fault of yours).
    let port = await freePort()
    let server = await startServer(
      { PORT: String(port), DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: SECRET },
      20_000,
    )
    for (let retry = 0; retry < 3 && server.url === undefined && /EADDRINUSE/.test(server.stderr); retry++) {
      await server.stop()
      port = await freePort()
      server = await startServer(
        { PORT: String(port), DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: SECRET },
        20_000,
      )
    }
    try {
      expect(
        server.url,
        `🚨 src/server.ts should create the client and the app, listen on PORT and log "…listening on http://localhost:<port>" (the port it really got: PORT=0 means any free port).\nstderr: ${server.stderr.slice(0, 500)}`,
      ).toBeDefined()
      expect(
        new URL(server.url!).port,
        `🚨 src/server.ts should listen on PORT (${port}), not a port of its own choosing`,
      ).toBe(String(port))
      const response = await fetch(`${server.url}/api/tags`)
      expect(response.status, `🚨 the server at ${server.url} should answer GET /api/tags`).toBe(200)
    } finally {
      await server.stop()
    }
  })

  test('npm run dev runs src/server.ts and restarts it on change', () => {
    const dev = manifest.scripts?.dev
    const runsServer = commandsOf(dev).some(
      (words) =>
        words.some((word) => namesFile(word, 'src/server.ts')) &&
        words.some((word) => /\btsx\b/.test(word)) &&
        words.some((word) => word === 'watch' || word === '--watch'),
    )
    expect(
      runsServer,
      `🚨 in package.json, "dev" should run the composition root: tsx watch src/server.ts (it is "${dev}")`,
    ).toBe(true)
  })

  test('npm start runs the server that npm run build compiles', () => {
    const start = manifest.scripts?.start
    const built = builtServerFile() ?? 'dist/server.js'
    const runsBuilt = commandsOf(start).some(
      (words) => words[0] === 'node' && words.some((word) => namesFile(word, built)),
    )
    expect(
      runsBuilt,
      `🚨 in package.json, "start" should run the compiled composition root: node ${built} (it is "${start}")`,
    ).toBe(true)
  })
})
