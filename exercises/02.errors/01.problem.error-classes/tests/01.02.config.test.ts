import fs from 'node:fs'
import path from 'node:path'
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { createApp } from '../src/app.js'
import { createPrismaClient } from '../src/db.js'
import { auth, registerUser } from './support/factories.js'
import { testConfig, TEST_JWT_SECRET } from './support/app.js'
import { startServer } from './support/server.js'

const appDir = path.resolve(import.meta.dirname, '..')
const srcDir = path.join(appDir, 'src')

/** Long enough for the schema, and different from the tests' usual secret. */
const SECRET = 'a-secret-of-forty-characters-for-01-02-xx'

// What the step asks src/config.ts to export. It is imported inside the tests, so
// this file loads (and each test fails on its own) before config.ts exists.
interface ConfigModule {
  loadConfig?(env?: Record<string, string | undefined>): {
    nodeEnv: string
    port: number
    databaseUrl: string
    jwtSecret: string
  }
  envSchema?: { shape: Record<string, unknown> }
}

async function configModule(): Promise<ConfigModule> {
  const mod: ConfigModule | undefined = await import('../src/config.js').catch(() => undefined)
  expect(mod, '🚨 create src/config.ts: the Zod schema of the environment and loadConfig(env)').toBeDefined()
  return mod!
}

async function loadConfigFunction(): Promise<NonNullable<ConfigModule['loadConfig']>> {
  const { loadConfig } = await configModule()
  expect(
    typeof loadConfig,
    '🚨 src/config.ts should export loadConfig(env = process.env), which parses the environment with the schema',
  ).toBe('function')
  return loadConfig!
}

/** The error loadConfig throws for `env`, as text; fails the test if it does not throw. */
function failureOf(loadConfig: NonNullable<ConfigModule['loadConfig']>, env: Record<string, string>): string {
  try {
    loadConfig(env)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  expect.fail(`🚨 loadConfig(${JSON.stringify(env)}) should throw: that environment is not fit to start in`)
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

describe('01.02 config', () => {
  test('a valid environment gives typed values, with defaults for what is not set', async () => {
    const loadConfig = await loadConfigFunction()
    expect(
      loadConfig({ JWT_SECRET: SECRET, PORT: '4000' }),
      '🚨 loadConfig should return { nodeEnv, port, databaseUrl, jwtSecret }, PORT as a number, with the defaults development and file:./dev.db',
    ).toEqual({ nodeEnv: 'development', port: 4000, databaseUrl: 'file:./dev.db', jwtSecret: SECRET })
    expect(
      loadConfig({ JWT_SECRET: SECRET, NODE_ENV: 'production', DATABASE_URL: 'file:/srv/conduit.db' }),
      '🚨 loadConfig should take NODE_ENV and DATABASE_URL from the environment, and default PORT to 3000',
    ).toEqual({ nodeEnv: 'production', port: 3000, databaseUrl: 'file:/srv/conduit.db', jwtSecret: SECRET })
  })

  test.each<[string, Record<string, string>, string]>([
    ['JWT_SECRET is missing', {}, 'JWT_SECRET'],
    ['JWT_SECRET is shorter than 32 characters', { JWT_SECRET: 'only-twenty-chars-xx' }, 'JWT_SECRET'],
    ['PORT is not a number', { JWT_SECRET: SECRET, PORT: 'abc' }, 'PORT'],
    ['PORT is out of range', { JWT_SECRET: SECRET, PORT: '70000' }, 'PORT'],
    ['NODE_ENV is not one we know', { JWT_SECRET: SECRET, NODE_ENV: 'staging' }, 'NODE_ENV'],
  ])('loadConfig refuses an environment where %s, and names the variable', async (_case, env, variable) => {
    const loadConfig = await loadConfigFunction()
    const message = failureOf(loadConfig, env)
    expect(message, `🚨 the error should name ${variable}, so whoever deploys knows what to fix`).toContain(variable)
  })

  test('the error says what is expected, and never repeats the secret it refused', async () => {
    const loadConfig = await loadConfigFunction()
    const refused = 'hunter2-but-longer-than-that'
    const message = failureOf(loadConfig, { JWT_SECRET: refused })
    expect(message, '🚨 the error for a short JWT_SECRET should say how long it must be (32)').toContain('32')
    expect(
      message,
      '🚨 the error repeats the secret: errors end up in logs, so say what is wrong, not what was given',
    ).not.toContain(refused)
  })

  test('a token signed with one secret is refused by an app configured with another', async () => {
    const prisma = createPrismaClient(process.env.DATABASE_URL!)
    try {
      const depsA = { prisma, config: testConfig({ jwtSecret: SECRET }) }
      const depsB = { prisma, config: testConfig({ jwtSecret: TEST_JWT_SECRET }) }
      const appA = createApp(depsA)
      const appB = createApp(depsB)
      const { token } = await registerUser(appA)

      expect((await request(appA).get('/api/user').set('Authorization', auth(token))).status).toBe(200)
      expect(
        (await request(appB).get('/api/user').set('Authorization', auth(token))).status,
        '🚨 app B accepted a token signed by app A: sign and verify tokens with config.jwtSecret, not a secret in the code',
      ).toBe(401)
    } finally {
      await prisma.$disconnect()
    }
  })

  test('no JWT secret is left in src/', () => {
    const holders = sourceFiles().filter((file) =>
      fs.readFileSync(path.join(srcDir, file), 'utf8').includes('conduit-secret-123'),
    )
    expect(holders, '🚨 the old secret is still in the code: it comes from JWT_SECRET now').toEqual([])
  })

  test('the environment is read in one place: src/config.ts', () => {
    const readers = sourceFiles().filter((file) =>
      withoutComments(fs.readFileSync(path.join(srcDir, file), 'utf8')).includes('process.env'),
    )
    expect(
      readers,
      '🚨 only src/config.ts should read process.env (loadConfig(env = process.env)); everything else gets the parsed config',
    ).toEqual(['config.ts'])
  })

  test('.env.example documents every variable the schema reads, each with a comment', async () => {
    const { envSchema } = await configModule()
    expect(
      envSchema?.shape,
      '🚨 src/config.ts should export envSchema, the z.object() of the environment',
    ).toBeDefined()
    const expected = Object.keys(envSchema!.shape).sort()

    const file = path.join(appDir, '.env.example')
    expect(fs.existsSync(file), '🚨 create .env.example next to package.json').toBe(true)
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/)
    const documented = lines.flatMap((line, index) => {
      const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1]
      if (!name) return []
      expect(
        lines[index - 1]?.trim().startsWith('#'),
        `🚨 in .env.example, put a comment line right above ${name}=`,
      ).toBe(true)
      return [name]
    })
    expect(
      documented.sort(),
      '🚨 .env.example should have one NAME= line for each key of envSchema, and no others',
    ).toEqual(expected)
  })

  test('src/server.ts refuses to start without JWT_SECRET, and says why', { timeout: 30_000 }, async () => {
    const server = await startServer({ PORT: '0', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: undefined })
    try {
      expect(
        server.url,
        `🚨 the server started without JWT_SECRET (${server.url}): load the config before anything else`,
      ).toBeUndefined()
      expect(server.exitCode, '🚨 src/server.ts should exit with code 1 when the configuration is invalid').toBe(1)
      expect(
        server.stderr,
        '🚨 src/server.ts should print the config error, which names JWT_SECRET, to stderr',
      ).toContain('JWT_SECRET')
      expect(
        server.stderr,
        '🚨 print the config error message, not a stack trace: catch the error in src/server.ts',
      ).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
    } finally {
      await server.stop()
    }
  })
})
