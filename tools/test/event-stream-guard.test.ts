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
