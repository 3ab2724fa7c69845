/**
 * The one way the workshop's tools start a TypeScript program as a child
 * process: this Node binary with tsx's loader. No shell and no `.bin/tsx`
 * script, so it works the same on Windows, and on whichever Node runs the tools.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

// `--import tsx` would resolve the name from the child's working folder, which may
// be anywhere (a temp folder, a fixture workshop): pass the loader's own URL.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/** The arguments that run `script` under this Node with tsx: for spawn and spawnSync alike. */
export function typescriptArgs(script: string, args: readonly string[] = []): string[] {
  return ['--import', tsxLoader, script, ...args]
}

export function spawnTypeScript(script: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, typescriptArgs(script, args), options)
}

/**
 * Runs `script` with `input` as JSON on its standard input and parses what it
 * prints as JSON: requests go over stdin, not argv, which Windows caps near 32k
 * characters.
 */
export function runTypeScriptJson<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawnTypeScript(script, [], { stdio: ['pipe', 'pipe', 'inherit'] })
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${script} exited with code ${code}`))
      else {
        try {
          resolve(JSON.parse(output) as T)
        } catch {
          reject(new Error(`${script} printed something other than JSON: ${output.slice(0, 200)}`))
        }
      }
    })
    child.stdin!.end(JSON.stringify(input))
  })
}

/** Reads all of standard input as JSON: the other end of runTypeScriptJson. */
export async function readJsonFromStdin<T>(): Promise<T> {
  let text = ''
  for await (const chunk of process.stdin) text += String(chunk)
  return JSON.parse(text) as T
}
