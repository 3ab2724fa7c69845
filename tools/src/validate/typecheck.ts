/**
 * Typechecks many apps in one process. Each app is its own TypeScript program
 * (steps may declare conflicting globals), but parsed files are shared between
 * programs, so the libraries every step imports (Express, Prisma, Zod, Node's
 * types) are parsed once instead of once per app.
 *
 * The validator starts it as a child process (typecheckInChild): requests on stdin
 * as JSON, and one line of JSON on stdout per app as soon as that app is checked,
 * so a step's verdict and the progress line need not wait for the last app.
 */
import path from 'node:path'
import { createInterface } from 'node:readline'
import ts from 'typescript'
import { readJsonFromStdin, spawnTypeScript } from '../typescript-child.js'

export interface TypecheckRequest {
  appDir: string
  /** Solutions are checked whole; problems only their app code (see DESIGN "Validation"). */
  scope: 'all' | 'app-code'
}

export interface TypecheckResult {
  appDir: string
  errors: string[]
}

const APP_CODE = ['src', '*.config.ts']

function readConfig(request: TypecheckRequest): ts.ParsedCommandLine {
  const configPath = path.join(request.appDir, 'tsconfig.json')
  const read = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file))
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'))
  const raw = read.config as { include?: string[] }
  if (request.scope === 'app-code') raw.include = APP_CODE
  return ts.parseJsonConfigFileContent(raw, ts.sys, request.appDir, undefined, configPath)
}

function format(diagnostic: ts.Diagnostic, appDir: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
  if (!diagnostic.file || diagnostic.start === undefined) return message
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
  const file = path.relative(appDir, diagnostic.file.fileName).split(path.sep).join('/')
  return `${file}:${line + 1}:${character + 1} ${message}`
}

/** A typechecker whose programs share the library files they parse. */
export function createTypechecker(): (request: TypecheckRequest) => TypecheckResult {
  const cache = new Map<string, ts.SourceFile>()
  return (request) => {
    let parsed: ts.ParsedCommandLine
    try {
      parsed = readConfig(request)
    } catch (error) {
      return { appDir: request.appDir, errors: [`tsconfig.json: ${String(error)}`] }
    }
    const host = ts.createCompilerHost(parsed.options)
    const getSourceFile = host.getSourceFile.bind(host)
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      // App files are read fresh; library files are shared across programs.
      // TypeScript names files with forward slashes on every platform.
      const shared = fileName.includes('/node_modules/')
      if (shared && cache.has(fileName)) return cache.get(fileName)
      const file = getSourceFile(fileName, languageVersion, onError, shouldCreate)
      if (shared && file) cache.set(fileName, file)
      return file
    }
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host })
    const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)]
    return { appDir: request.appDir, errors: diagnostics.map((d) => format(d, request.appDir)) }
  }
}

export function typecheckApps(requests: TypecheckRequest[]): TypecheckResult[] {
  return requests.map(createTypechecker())
}

/**
 * Typechecks the apps in a child process (so the compiler runs on the other core
 * while the tests run), calling `onResult` for each app as soon as it is checked.
 * The child's errors go to this process's stderr.
 */
export function typecheckInChild(
  requests: TypecheckRequest[],
  onResult: (result: TypecheckResult) => void = () => {},
): Promise<TypecheckResult[]> {
  if (requests.length === 0) return Promise.resolve([])
  return new Promise((resolve, reject) => {
    const child = spawnTypeScript(import.meta.filename, [], { stdio: ['pipe', 'pipe', 'pipe'] })
    const results: TypecheckResult[] = []
    let failure: Error | undefined
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.trim() === '' || failure) return
      let result: TypecheckResult
      try {
        result = JSON.parse(line) as TypecheckResult
      } catch {
        failure = new Error(`${import.meta.filename} printed something other than JSON: ${line.slice(0, 200)}`)
        return
      }
      results.push(result)
      onResult(result)
    })
    // Written through this process's stream, so the progress line is cleared first.
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${import.meta.filename} exited with code ${code}`))
      else if (failure) reject(failure)
      else resolve(results)
    })
    child.stdin!.end(JSON.stringify(requests))
  })
}

// Run as a child process by the validator: requests on stdin as JSON, one result per line on stdout.
if (process.argv[1] === import.meta.filename) {
  const check = createTypechecker()
  for (const request of await readJsonFromStdin<TypecheckRequest[]>()) {
    process.stdout.write(`${JSON.stringify(check(request))}\n`)
    // Lets the line out before the next program, wherever stdout is a pipe that buffers.
    await new Promise((resolve) => setImmediate(resolve))
  }
}
