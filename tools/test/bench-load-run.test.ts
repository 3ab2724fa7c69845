import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { serverEnvironment, ServerStartError, startServer } from '../src/bench/app-server.js'

const root = path.resolve(import.meta.dirname, '../..')
const bin = path.join(root, 'tools/bin/conduit-bench.js')
const thisApp = path.join(root, 'exercises/04.layers/03.solution.composition-root')
const inheritedApp = path.join(root, 'exercises/01.foundations/01.problem.app-factory')
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

function bench(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 })
}

interface JsonFigures {
  currentApp: string
  rows: Record<string, number>
  comparisons: Array<{
    endpoint: string
    inherited: { requestsPerSecond: number; non2xx: number; responses: number }
    current: { requestsPerSecond: number; non2xx: number; responses: number }
  }>
}

describe('conduit-bench', () => {
  test('measures both endpoints on 04.03 and the inherited app, on one seeded database, and exits 0', () => {
    const json = path.join(scratch, 'figures.json')
    const run = bench(thisApp, ['--duration', '1', '--connections', '1', '--warmup', '0', '--json', json])
    expect(run.status, run.stderr + run.stdout).toBe(0)
    expect(run.stdout).toMatch(/\| GET \/api\/tags +\|/)
    expect(run.stdout).toMatch(/\| GET \/api\/articles +\|/)
    const figures = JSON.parse(fs.readFileSync(json, 'utf8')) as JsonFigures
    expect(figures.currentApp).toBe('exercises/04.layers/03.solution.composition-root (src/server.ts)')
    expect(figures.rows).toMatchObject({ users: 50, articles: 1_000, tags: 25 })
    expect(figures.comparisons.map((c) => c.endpoint)).toEqual(['GET /api/tags', 'GET /api/articles'])
    for (const { inherited, current } of figures.comparisons) {
      for (const side of [inherited, current]) {
        expect(side.requestsPerSecond).toBeGreaterThan(0)
        expect(side.responses).toBeGreaterThan(0)
        expect(side.non2xx).toBe(0)
      }
    }
  })

  test('an unknown flag: exit code 2 and the usage', () => {
    const run = bench(thisApp, ['--bogus'])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain("'--bogus'")
    expect(run.stderr).toContain('Usage: npm run bench')
  })

  test('a folder without src/server.ts: exit code 1 and what to do', () => {
    const run = bench(inheritedApp, ['--duration', '1'])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('this app has no src/server.ts')
  })
})

describe('startServer', () => {
  test('a server that exits at start-up: the error says so and shows what it printed', async () => {
    const app = path.join(scratch, 'broken-app')
    fs.mkdirSync(path.join(app, 'src'), { recursive: true })
    const marker = `no-config-${process.pid}`
    fs.writeFileSync(
      path.join(app, 'src/server.ts'),
      `console.error('Conduit cannot start: ${marker}')\nprocess.exit(1)\n`,
    )
    const started = startServer({
      label: 'this app',
      appDir: app,
      entry: 'src/server.ts',
      databaseUrl: 'file:./unused.db',
      cwd: scratch,
      readyPath: '/api/tags',
      timeoutMs: 20_000,
    })
    await expect(started).rejects.toThrow(ServerStartError)
    await expect(started).rejects.toThrow(/exited before it answered[\s\S]*Conduit cannot start: no-config-/)
  })

  test('the environment holds the chosen variables, not the caller’s', () => {
    const env = serverEnvironment(thisApp, 4321, 'file:/tmp/copy.db', {
      PATH: '/usr/bin',
      DATABASE_URL: 'file:./dev.db',
      JWT_SECRET: 'the-developer-secret-of-at-least-32-chars',
      NODE_ENV: 'development',
      LOG_LEVEL: 'debug',
      REDIS_URL: 'redis://127.0.0.1:6379',
    })
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      PORT: '4321',
      DATABASE_URL: 'file:/tmp/copy.db',
      NODE_ENV: 'production',
    })
    expect(env.JWT_SECRET).toHaveLength(48)
    expect(env.JWT_SECRET).not.toBe('the-developer-secret-of-at-least-32-chars')
    expect(env.LOG_LEVEL).toBeUndefined()
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379')
  })
})
