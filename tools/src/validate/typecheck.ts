/**
 * Typechecks many apps in one process. Each app is its own TypeScript program
 * (steps may declare conflicting globals), but parsed files are shared between
 * programs, so the libraries every step imports (Express, Prisma, Zod, Node's
 * types) are parsed once instead of once per app.
 */
import path from 'node:path'
import ts from 'typescript'
import { readJsonFromStdin } from '../typescript-child.js'

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

export function typecheckApps(requests: TypecheckRequest[]): TypecheckResult[] {
  const cache = new Map<string, ts.SourceFile>()
  return requests.map((request) => {
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
  })
}

// Run as a child process by the validator: requests on stdin as JSON, results on stdout.
if (process.argv[1] === import.meta.filename) {
  process.stdout.write(JSON.stringify(typecheckApps(await readJsonFromStdin<TypecheckRequest[]>())))
}
