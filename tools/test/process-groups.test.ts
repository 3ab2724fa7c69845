/**
 * Stop App used to leave an exercise's `tsx watch` (and the npm and shell above
 * it) running: the workshop app kills the shell it spawned and the server on the
 * port, nothing in between (epicshop/process-groups.mjs). These tests start an
 * app with the workshop app's own runAppDev, in a stand-in for the app's process
 * (its entry under `@epic-web/workshop-app/`, so epicshop/preload.mjs applies as
 * it does in `npm start`), stop it with the app's own closeProcess or by stopping
 * the app process, and read /proc for what is left.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { descendants, processesUnder, waitForNoProcessUnder, type ProcessInfo } from '../src/processes.js'

const root = path.resolve(import.meta.dirname, '..', '..')
const tmp = path.join(import.meta.dirname, '.tmp', 'process-groups')
const preload = pathToFileURL(path.join(root, 'epicshop', 'preload.mjs')).href
const processManager = pathToFileURL(
  path.join(root, 'epicshop', 'node_modules', '@epic-web', 'workshop-utils', 'dist', 'process-manager.server.js'),
).href
// Under tools/test/.tmp, so `npm run dev` finds tsx in the root node_modules/.bin.
const appDir = path.join(tmp, 'app')
const workshopApp = path.join(tmp, '@epic-web', 'workshop-app', 'start.js')

// Shaped like a step's dev script (`prisma-offline migrate deploy && tsx watch src/app.ts`).
const appFiles = {
  'package.json': JSON.stringify({
    name: 'process-groups-fixture',
    private: true,
    type: 'module',
    scripts: { dev: 'node --version > /dev/null && tsx watch server.mjs' },
  }),
  'server.mjs': `import http from 'node:http'
http.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')
`,
}

// The workshop app stand-in: runs the app, says so, then stops it as told.
const workshopAppSource = `import { closeProcess, runAppDev, waitOnApp } from ${JSON.stringify(processManager)}
const [mode, port] = process.argv.slice(2)
const app = { name: 'fixture', fullPath: ${JSON.stringify(appDir)}, dev: { type: 'script', portNumber: Number(port) } }
const say = (message) => process.stdout.write('@@' + JSON.stringify(message) + '\\n')
say({ started: await runAppDev(app) })
say({ ready: await waitOnApp(app) })
if (mode === 'stop-app') {
  await closeProcess(app.name)
  say({ stopped: true })
}
if (mode === 'exit') process.exit(0) // without stopping the app first
setInterval(() => {}, 1000) // the app runs on until it is stopped
`

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

type Running = { child: ChildProcess; messages: Record<string, unknown>[]; output: () => string }

async function startWorkshopApp(mode: 'stop-app' | 'run' | 'exit', withPreload: boolean): Promise<Running> {
  const port = await freePort()
  const args = [...(withPreload ? [`--import=${preload}`] : []), workshopApp, mode, String(port)]
  const env = { ...process.env, NODE_OPTIONS: '' }
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  const messages: Record<string, unknown>[] = []
  const collect = (chunk: Buffer) => {
    text += chunk.toString('utf8')
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.startsWith('@@')) messages.push(JSON.parse(line.slice(2)) as Record<string, unknown>)
    }
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  running.push(child)
  return { child, messages, output: () => text }
}

async function until(what: string, check: () => boolean, run: Running, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Output:\n${run.output()}`)
    if (run.child.exitCode !== null) throw new Error(`The app exited before ${what}. Output:\n${run.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** What is left under the app folder once it has had `settle` ms to go. */
function leftAfter(settle: number): Promise<ProcessInfo[]> {
  return waitForNoProcessUnder(appDir, settle)
}

const describeLinux = describe.skipIf(process.platform !== 'linux')
const running: ChildProcess[] = []
// More than the 2 s the fix gives a group before SIGKILL, and the 500 ms exit wait.
const SETTLE_MS = 4000

beforeAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(appDir, { recursive: true })
  for (const [name, text] of Object.entries(appFiles)) fs.writeFileSync(path.join(appDir, name), text)
  fs.mkdirSync(path.dirname(workshopApp), { recursive: true })
  fs.writeFileSync(workshopApp, workshopAppSource)
})

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const left of processesUnder(appDir)) {
    try {
      process.kill(left.pid, 'SIGKILL')
    } catch {
      // gone meanwhile
    }
  }
})

const commands = (list: ProcessInfo[]) => list.map((info) => `${info.pid} ${info.command}`).join('\n')

describeLinux('an exercise started by the workshop app', () => {
  test('runs as npm, a shell and tsx watch with the server under it', async () => {
    const run = await startWorkshopApp('run', true)
    await until('the app to answer', () => run.messages.some((m) => 'ready' in m), run)
    expect(run.messages[0]).toEqual({ started: { status: 'process-started', running: true } })
    const tree = commands(processesUnder(appDir))
    expect(tree).toContain('npm')
    expect(tree).toContain('tsx watch server.mjs')
    expect(tree).toMatch(/node .*server\.mjs/)
    // All of them below the workshop app, in a process group of their own.
    const below = descendants(run.child.pid!)
    const pids = (list: ProcessInfo[]) => list.map((info) => info.pid).sort((a, b) => a - b)
    expect(pids(below)).toEqual(pids(processesUnder(appDir)))
    expect(new Set(below.map((info) => info.pgid)).size).toBe(1)
    expect(below[0]!.pgid).not.toBe(run.child.pid)
  })

  test('Stop App leaves no process of its tree', async () => {
    const run = await startWorkshopApp('stop-app', true)
    await until('Stop App', () => run.messages.some((m) => 'stopped' in m), run)
    expect(run.child.exitCode).toBeNull() // the workshop app runs on
    expect(commands(await leftAfter(SETTLE_MS))).toBe('')
  })

  test('stopping the workshop app (SIGTERM, as `npm start` is stopped) leaves no process of its tree', async () => {
    const run = await startWorkshopApp('run', true)
    await until('the app to answer', () => run.messages.some((m) => 'ready' in m), run)
    expect(processesUnder(appDir).length).toBeGreaterThan(0)
    const exited = new Promise((resolve) => run.child.on('exit', resolve))
    run.child.kill('SIGTERM')
    await exited
    expect(commands(await leftAfter(SETTLE_MS))).toBe('')
  })

  test('the workshop app exiting without stopping it first leaves no process of its tree', async () => {
    const run = await startWorkshopApp('exit', true)
    const exited = new Promise((resolve) => run.child.on('exit', resolve))
    await exited
    expect(run.messages.some((m) => 'ready' in m)).toBe(true)
    expect(commands(await leftAfter(SETTLE_MS))).toBe('')
  })

  // Upstream 6.50.2 as it is: if this fails, the workshop app stops the whole
  // tree itself and epicshop/process-groups.mjs can go.
  test('without the preload, Stop App leaves tsx watch running (the bug the preload fixes)', async () => {
    const run = await startWorkshopApp('stop-app', false)
    await until('Stop App', () => run.messages.some((m) => 'stopped' in m), run)
    const left = await leftAfter(SETTLE_MS)
    expect(commands(left)).toContain('tsx watch server.mjs')
  })
})
