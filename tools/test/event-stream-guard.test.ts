/**
 * The workshop app's test-output stream crashed the whole app when the browser
 * closed it just as a send was due (epicshop/event-stream-guard.mjs). These
 * tests replay that with the real remix-utils eventStream the app uses, and the
 * route's own pattern: a 10 ms interval that sends, and a cleanup that forgets it.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'

const epicshop = path.resolve(import.meta.dirname, '..', '..', 'epicshop')
const dir = path.resolve(import.meta.dirname, '.tmp', 'event-stream')
const upstream = pathToFileURL(createRequire(path.join(epicshop, 'package.json')).resolve('remix-utils/sse/server')).href
const guard = pathToFileURL(path.join(epicshop, 'event-stream-guard.mjs')).href

function scenario(moduleUrl: string): string {
  return `import { eventStream } from ${JSON.stringify(moduleUrl)}
const request = new AbortController()
let ticks = 0
const response = eventStream(request.signal, (send) => {
  setInterval(() => { ticks++; send({ data: JSON.stringify([{ type: 'stdout' }]) }) }, 10)
  return () => {}
})
const reader = response.body.getReader()
await reader.read()
await reader.cancel()
await new Promise((resolve) => setTimeout(resolve, 100))
const before = ticks
await new Promise((resolve) => setTimeout(resolve, 60))
console.log(JSON.stringify({ alive: true, stillTicking: ticks > before }))
request.abort()
process.exit(0)
`
}

function run(name: string, moduleUrl: string): { status: number | null; stdout: string; stderr: string } {
  const file = path.join(dir, `${name}.mjs`)
  fs.writeFileSync(file, scenario(moduleUrl))
  return spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 })
}

beforeAll(() => fs.mkdirSync(dir, { recursive: true }))

describe('the test-output stream closed by the browser mid-run', () => {
  test('crashes the process without the guard', () => {
    const result = run('without-guard', upstream)
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('Controller is already closed')
  })

  test('is survived with the guard, and its interval is cleared', () => {
    const result = run('with-guard', guard)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ alive: true, stillTicking: false })
  })

  test('is the module the workshop app gets: the hook sends remix-utils/sse/server to the guard', async () => {
    const hooks = (await import(pathToFileURL(path.join(epicshop, 'event-stream-hooks.mjs')).href)) as {
      resolve(specifier: string, context: { parentURL?: string }, next: (s: string) => unknown): Promise<{ url: string }>
    }
    const fromApp = await hooks.resolve('remix-utils/sse/server', { parentURL: 'file:///app/build/server/index.js' }, () => {
      throw new Error('the app must not get the unguarded module')
    })
    expect(fromApp.url).toBe(guard)
    const fromGuard = await hooks.resolve('remix-utils/sse/server', { parentURL: guard }, () => ({ url: upstream }))
    expect(fromGuard.url).toBe(upstream)
  })
})

describe('the test-output stream as the Tests tab reads it', () => {
  type Line = { type: 'stdout' | 'stderr'; content: string; timestamp: number }
  type Event =
    | { type: 'init'; isRunning: boolean; exitCode?: number | null; output: Line[] }
    | { type: 'stdout' | 'stderr'; data: string; timestamp: number }
    | { type: 'exit'; isRunning: false; code: number | null }

  async function snapshots(): Promise<{ take(data: unknown): string | undefined }> {
    const module = (await import(pathToFileURL(path.join(epicshop, 'test-output-snapshot.mjs')).href)) as {
      createTestOutputSnapshot(): { take(data: unknown): string | undefined }
    }
    return module.createTestOutputSnapshot()
  }

  /** What the page shows after reading one message, the way TestOutput's reducer does. */
  function page(messages: Event[][]): { text: string; keys: number[]; exitCode: number | null | undefined } {
    let lines: Line[] = []
    let exitCode: number | null | undefined
    for (const events of messages) {
      for (const event of events) {
        if (event.type === 'init') [lines, exitCode] = [event.output, event.exitCode]
        else if (event.type === 'exit') exitCode = event.code
        else lines = [...lines, { type: event.type, content: event.data, timestamp: event.timestamp }].sort((a, b) => a.timestamp - b.timestamp)
      }
    }
    return { text: lines.map((line) => line.content).join(''), keys: lines.map((line) => line.timestamp), exitCode }
  }

  const run: Event[][] = [
    [{ type: 'init', isRunning: true, output: [] }],
    [{ type: 'stdout', data: ' ✓ tests/contract/tags.test.ts\n', timestamp: 1000 }],
    [
      { type: 'stderr', data: ' FAIL tests/06.04.http-and-redis.test.ts > answers 304\n', timestamp: 1001 },
      { type: 'stderr', data: 'AssertionError: 🚨 a second GET must answer 304\n', timestamp: 1001 },
    ],
    [
      { type: 'stdout', data: '⎯⎯⎯ Failed Tests 1 ⎯⎯⎯\n', timestamp: 1001 },
      { type: 'exit', isRunning: false, code: 1 },
    ],
  ]

  test('a page that reads only the last message still shows every chunk, in order, and the verdict', async () => {
    const snapshot = await snapshots()
    const sent = run.map((events) => JSON.parse(snapshot.take(JSON.stringify(events))!) as Event[])
    const lastOnly = page([sent.at(-1)!])
    expect(lastOnly.text).toBe(page(run).text.replaceAll('⎯', '─'))
    expect(lastOnly.text).toContain('🚨 a second GET must answer 304')
    expect(lastOnly.exitCode).toBe(1)
  })

  test('without the snapshot, the same page loses the failure (why it exists)', () => {
    expect(page([run.at(-1)!]).text).not.toContain('🚨')
  })

  test('no two entries share a key, even for chunks read in the same millisecond', async () => {
    const snapshot = await snapshots()
    let last = ''
    for (const events of run) last = snapshot.take(JSON.stringify(events)) ?? last
    const { keys } = page([JSON.parse(last) as Event[]])
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toEqual([...keys].sort((a, b) => a - b))
  })

  test('draws Vitest separators with a character the tab has, and leaves other streams alone', async () => {
    const snapshot = await snapshots()
    expect(snapshot.take(JSON.stringify([{ type: 'stdout', data: '⎯⎯ x ⎯⎯', timestamp: 1 }]))).toContain('── x ──')
    expect(snapshot.take(JSON.stringify({ type: 'USER_CODE_RECEIVED', code: 'ABC' }))).toBeUndefined()
    expect(snapshot.take('not json')).toBeUndefined()
  })
})
