import fs from 'node:fs'
import path from 'node:path'
import { describeSite, findEnvironmentReads, readSourceModules } from '@production-express/tools/testing/source-code'
import jwt from 'jsonwebtoken'
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

type Env = Record<string, string | undefined>

// What the step asks src/config.ts to export. It is imported inside the tests, so
// this file loads (and each test fails on its own) before config.ts exists.
interface ConfigModule {
  loadConfig?(env?: Env): {
    nodeEnv: string
    port: number
    databaseUrl: string
    jwtSecret: string
  }
}
type LoadConfig = NonNullable<ConfigModule['loadConfig']>

async function loadConfigFunction(): Promise<LoadConfig> {
  const mod: ConfigModule | undefined = await import('../src/config.js').catch(() => undefined)
  expect(mod, '🚨 create src/config.ts: the Zod schema of the environment and loadConfig(env)').toBeDefined()
  expect(
    typeof mod?.loadConfig,
    '🚨 src/config.ts should export loadConfig(env = process.env), which parses the environment with the schema',
  ).toBe('function')
  return mod!.loadConfig!
}

/** The error loadConfig throws for `env`, as text; fails the test if it does not throw. */
function failureOf(loadConfig: LoadConfig, env: Env): string {
  try {
    loadConfig(env)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  expect.fail(`🚨 loadConfig(${JSON.stringify(env)}) should throw: that environment is not fit to start in`)
}

/** What loadConfig makes of `env`: the config as JSON, or that it refused. */
function outcome(loadConfig: LoadConfig, env: Env): string {
  try {
    return JSON.stringify(loadConfig(env))
  } catch {
    return 'refused'
  }
}

/**
 * The variables loadConfig reads from `env`, seen by handing it an environment that
 * notes every name asked for. Only names shaped like environment variables count
 * (a parser may look at other properties of the object it is given).
 */
function variablesRead(loadConfig: LoadConfig, env: Env): string[] {
  const read = new Set<string>()
  const note = (key: string | symbol) => {
    if (typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key)) read.add(key)
  }
  const watched = new Proxy(
    { ...env },
    {
      get: (target, key, receiver) => (note(key), Reflect.get(target, key, receiver)),
      has: (target, key) => (note(key), Reflect.has(target, key)),
      getOwnPropertyDescriptor: (target, key) => (note(key), Reflect.getOwnPropertyDescriptor(target, key)),
    },
  )
  outcome(loadConfig, watched)
  return [...read].sort()
}

/** The NAME=value lines of .env.example, and the names without a comment line right above them. */
function readEnvExample(): { values: Record<string, string>; uncommented: string[] } {
  const file = path.join(appDir, '.env.example')
  expect(fs.existsSync(file), '🚨 create .env.example next to package.json').toBe(true)
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/)
  const values: Record<string, string> = {}
  const uncommented: string[] = []
  lines.forEach((line, index) => {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (!match) return
    values[match[1]!] = match[2]!.trim()
    if (!lines[index - 1]?.trim().startsWith('#')) uncommented.push(match[1]!)
  })
  return { values, uncommented }
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

  test('an empty variable (NAME= in a .env file) counts as unset', async () => {
    const loadConfig = await loadConfigFunction()
    expect(
      loadConfig({ JWT_SECRET: SECRET, NODE_ENV: '', PORT: '', DATABASE_URL: '' }),
      '🚨 an empty NODE_ENV, PORT or DATABASE_URL should get its default, as if it were not set (an empty PORT is not port 0)',
    ).toEqual({ nodeEnv: 'development', port: 3000, databaseUrl: 'file:./dev.db', jwtSecret: SECRET })
    expect(
      failureOf(loadConfig, { JWT_SECRET: '' }),
      '🚨 an empty JWT_SECRET is a missing one: refuse it, naming JWT_SECRET',
    ).toContain('JWT_SECRET')
  })

  test('a token signed with the secret the code used to hold is refused', async () => {
    const prisma = createPrismaClient(process.env.DATABASE_URL!)
    try {
      const app = createApp({ prisma, config: testConfig({ jwtSecret: SECRET }) })
      const { user } = await registerUser(app)
      const row = await prisma.user.findUniqueOrThrow({ where: { username: user.username } })
      // The inherited secret was public (it sat in the code): a token made with it is anyone's.
      const forged = jwt.sign({ id: row.id, email: row.email, username: row.username }, 'conduit-secret-123')
      expect(
        (await request(app).get('/api/user').set('Authorization', auth(forged))).status,
        '🚨 a token signed with the old secret from the code still logs in: verify with config.jwtSecret only',
      ).toBe(401)
    } finally {
      await prisma.$disconnect()
    }
  })

  test('no JWT secret is left in src/', () => {
    const holders = readSourceModules(srcDir)
      .filter((module) => module.ast.text.includes('conduit-secret-123'))
      .map((module) => `src/${module.file}`)
    expect(holders, '🚨 the old secret is still in the code: delete it, it comes from JWT_SECRET now').toEqual([])
  })

  test('the environment is read in one place: src/config.ts', () => {
    const elsewhere = readSourceModules(srcDir)
      .flatMap(findEnvironmentReads)
      .filter((site) => site.file !== 'config.ts')
      .map(describeSite)
    expect(
      elsewhere,
      '🚨 only src/config.ts should read process.env (loadConfig(env = process.env)); give everything else the parsed config',
    ).toEqual([])
  })

  test('.env.example documents every variable loadConfig reads, and only those, each with a comment', async () => {
    const loadConfig = await loadConfigFunction()
    const { values, uncommented } = readEnvExample()
    expect(uncommented, '🚨 in .env.example, put a comment line right above each NAME= line').toEqual([])

    // The example's values with a secret filled in, as a developer's .env would have them.
    const env: Env = {
      ...Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '')),
      JWT_SECRET: SECRET,
    }
    const baseline = outcome(loadConfig, env)
    expect(baseline, '🚨 loadConfig should accept the values in .env.example once JWT_SECRET is filled in').not.toBe(
      'refused',
    )
    const documented = Object.keys(values)
    expect(
      variablesRead(loadConfig, env).filter((name) => !documented.includes(name)),
      '🚨 loadConfig reads these variables, which .env.example does not list: add a NAME= line and a comment for each',
    ).toEqual([])
    // A variable the config really reads changes what loadConfig answers when its value changes.
    const unread = documented.filter((name) =>
      ['zz-not-a-value', '1'].every((value) => outcome(loadConfig, { ...env, [name]: value }) === baseline),
    )
    expect(unread, '🚨 .env.example lists variables that loadConfig ignores: remove them, or read them').toEqual([])
  })

  // Two real start-ups of src/server.ts, side by side, each with two faults at once.
  test.concurrent.for<[string, Env]>([
    ['JWT_SECRET is missing and PORT is 80800', { JWT_SECRET: undefined, PORT: '80800' }],
    ['JWT_SECRET is too short and PORT is abc', { JWT_SECRET: 'short-secret-for-01-02-xx', PORT: 'abc' }],
  ])(
    'src/server.ts refuses to start when %s: exit code 1, both named, no stack trace, no secret',
    { timeout: 30_000 },
    async ([, env], { expect }) => {
      const given: Env = { PORT: '0', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: SECRET, ...env }
      const server = await startServer(given)
      try {
        const output = server.stdout + server.stderr
        expect(
          server.url,
          `🚨 the server started (${server.url}): call loadConfig() in src/server.ts before creating anything, and start nothing if it throws`,
        ).toBeUndefined()
        expect(
          server.exitCode,
          `🚨 src/server.ts should end with exit code 1 on a configuration error (stderr: ${server.stderr.slice(0, 300)})`,
        ).toBe(1)
        for (const variable of ['JWT_SECRET', 'PORT']) {
          expect(
            server.stderr,
            `🚨 src/server.ts should print loadConfig's error to stderr, which names every bad variable: ${variable} is not named`,
          ).toMatch(new RegExp(`\\b${variable}\\b`))
        }
        expect(
          server.stderr,
          '🚨 print the config error message, not a stack trace: catch the ConfigError in src/server.ts',
        ).not.toMatch(/^\s+at\s/m)
        expect(
          given.JWT_SECRET && output.includes(given.JWT_SECRET),
          '🚨 src/server.ts printed the JWT secret: say which variable is wrong, never what it holds',
        ).toBeFalsy()
      } finally {
        await server.stop()
      }
    },
  )
})
