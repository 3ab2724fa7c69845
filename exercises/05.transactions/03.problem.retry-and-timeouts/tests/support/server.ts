/**
 * Runs src/server.ts in a child process, the way `npm run dev` does, so a test
 * can check what happens at start-up: the port it opens, what it prints, how it
 * exits.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const appDir = path.resolve(import.meta.dirname, '../..')

/**
 * tsx's loader (what `node --import tsx` loads), resolved from the app the way Node
 * resolves its packages. Resolved here, as an absolute URL, because the server runs
 * in a temporary folder where a bare `tsx` would not be found.
 */
function tsxLoader(): string {
  return pathToFileURL(createRequire(path.join(appDir, 'package.json')).resolve('tsx')).href
}

export interface ServerRun {
  /** The URL the server said it listens on, once it has said so. */
  url: string | undefined
  /** The exit code, if the process ended before we stopped it. */
  exitCode: number | null | undefined
  stdout: string
  stderr: string
  /** Ends the process (if it still runs) and waits for it. */
  stop: () => Promise<void>
}

/**
 * Starts src/server.ts with `env` laid over this process's environment (a key set
 * to undefined is removed), and `args` after it on the command line, and resolves as
 * soon as it prints a URL, exits, or `timeoutMs` passes. It runs in an empty temporary
 * folder, so a `.env` file in the app does not change what the test sees.
 */
export function startServer(
  env: Record<string, string | undefined>,
  timeoutMs = 10_000,
  args: string[] = [],
): Promise<ServerRun> {
  const childEnv: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...process.env, ...env })) {
    if (value !== undefined) childEnv[key] = value
  }
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-server-'))
  // Node itself with tsx's loader, not a shell or tsx's CLI: one process to stop, on every OS.
  const child = spawn(process.execPath, ['--import', tsxLoader(), path.join(appDir, 'src', 'server.ts'), ...args], {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })

  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const run: ServerRun = {
    url: undefined,
    exitCode: undefined,
    stdout: '',
    stderr: '',
    stop: async () => {
      if (run.exitCode === undefined) child.kill()
      await exited
      fs.rmSync(cwd, { recursive: true, force: true })
    },
  }

  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(run), timeoutMs)
    const finish = () => {
      clearTimeout(timer)
      resolve(run)
    }
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString()
      const match = /https?:\/\/[^\s'"]+:\d+/.exec(run.stdout)
      if (match && !run.url) {
        run.url = match[0]
        finish()
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()))
    void exited.then((code) => {
      run.exitCode = code
      finish()
    })
  })
}
