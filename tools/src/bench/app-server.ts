/**
 * Starts an app's real server as a child process for the bench, waits until it
 * answers, and stops it. The child gets a chosen environment, not the caller's:
 * figures must not depend on what a learner has in their shell or .env file.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { typescriptArgs } from '../typescript-child.js'

export class ServerStartError extends Error {
  override name = 'ServerStartError'
}

export interface ServerOptions {
  /** Shown in messages: "the inherited app". */
  label: string
  appDir: string
  /** The file that listens, relative to appDir: src/server.ts, or src/app.ts for the inherited app. */
  entry: string
  databaseUrl: string
  /** The child's working folder: a scratch folder, so no .env of the app's is read. */
  cwd: string
  /** Requested until the server answers. */
  readyPath: string
  timeoutMs?: number
}

export interface RunningServer {
  url: string
  /** What the server printed so far (the end of it). */
  output(): string
  stop(): Promise<void>
}

// Only what Node and tsx need to run (and find a temp folder), on every OS.
const SYSTEM_VARIABLES = ['PATH', 'Path', 'SystemRoot', 'TEMP', 'TMP', 'TMPDIR', 'HOME', 'USERPROFILE']
/** Services a later step may need; passed on from the caller's environment when set there. */
export const SERVICE_VARIABLES = ['REDIS_URL']

const OUTPUT_LIMIT = 20_000

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export function randomSecret(length = 48): string {
  return randomBytes(length).toString('base64url').slice(0, length)
}

export function serverEnvironment(
  appDir: string,
  port: number,
  databaseUrl: string,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const name of [...SYSTEM_VARIABLES, ...SERVICE_VARIABLES]) if (base[name] !== undefined) env[name] = base[name]
  const tsconfig = path.join(appDir, 'tsconfig.json')
  // tsx looks for tsconfig.json in the working folder, which is the scratch folder.
  if (fs.existsSync(tsconfig)) env.TSX_TSCONFIG_PATH = tsconfig
  return { ...env, PORT: String(port), DATABASE_URL: databaseUrl, JWT_SECRET: randomSecret(), NODE_ENV: 'production' }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url, { signal: AbortSignal.timeout(2_000) })).arrayBuffer()
    return true
  } catch {
    return false
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const entry = path.join(options.appDir, options.entry)
  if (!fs.existsSync(entry)) throw new ServerStartError(`${options.label} has no ${options.entry} (${entry})`)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, typescriptArgs(entry), {
    cwd: options.cwd,
    env: serverEnvironment(options.appDir, port, options.databaseUrl),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // However the bench ends (an error, Ctrl-C, process.exit), the server ends with it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  // Always drained, or a server that logs every request would block on a full pipe.
  let output = ''
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_LIMIT))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  let spawnError: Error | undefined
  child.on('error', (error) => (spawnError = error))

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited(child)
      clearTimeout(killer)
    }
    process.removeListener('exit', killOnExit)
  }
  const fail = async (why: string) => {
    await stop()
    const printed = output.trim() ? `\nIts output:\n${output.trim()}` : '\nIt printed nothing.'
    return new ServerStartError(`${options.label} (${entry}) ${why}.${printed}`)
  }

  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  for (;;) {
    if (spawnError) throw await fail(`could not be started: ${spawnError.message}`)
    if (child.exitCode !== null || child.signalCode !== null) {
      throw await fail(`exited before it answered (exit code ${child.exitCode ?? child.signalCode})`)
    }
    // Checked again after an answer: if our child died, whatever answered on this port is not our app.
    if ((await answers(url + options.readyPath)) && child.exitCode === null) break
    if (Date.now() > deadline) {
      throw await fail(
        `did not answer GET ${options.readyPath} on port ${port} within ${options.timeoutMs ?? 30_000} ms`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { url, output: () => output, stop }
}
