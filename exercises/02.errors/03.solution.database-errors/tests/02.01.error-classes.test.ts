/**
 * 02.01 — error classes.
 *
 * A failure is described once, by throwing an error class that knows its HTTP status
 * and a machine-readable code, and turned into a response in one function,
 * `sendError(res, error)`. No route writes an error status or the error body by hand.
 */
import fs from 'node:fs'
import path from 'node:path'
import express, { type Response } from 'express'
import request from 'supertest'
import { afterEach, describe, expect, test, vi } from 'vitest'

const srcDir = path.resolve(import.meta.dirname, '../src')
const routesDir = path.join(srcDir, 'routes')

// What the step asks for. The modules are imported inside the tests, so this file
// loads (and each test fails with its own message) before they exist.
type AppErrorLike = Error & { status: number; code: string }
type ErrorClass = new (message?: string, options?: ErrorOptions) => AppErrorLike
interface AppErrorModule {
  AppError?: abstract new (...args: never[]) => AppErrorLike
  NotFoundError?: ErrorClass
  UnauthorizedError?: ErrorClass
  ForbiddenError?: ErrorClass
  ConflictError?: ErrorClass
  ValidationError?: ErrorClass
}
interface SendErrorModule {
  sendError?: (res: Response, error: unknown) => void
}

async function loadErrors(): Promise<AppErrorModule> {
  const mod: AppErrorModule | undefined = await import('../src/errors/app-error.js').catch(() => undefined)
  expect(mod, '🚨 create src/errors/app-error.ts: AppError and one subclass per kind of failure').toBeDefined()
  expect(typeof mod!.AppError, '🚨 src/errors/app-error.ts should export the base class AppError').toBe('function')
  return mod!
}

async function loadSendError(): Promise<NonNullable<SendErrorModule['sendError']>> {
  const mod: SendErrorModule | undefined = await import('../src/errors/send-error.js').catch(() => undefined)
  expect(
    typeof mod?.sendError,
    '🚨 src/errors/send-error.ts should export sendError(res, error): the one function that writes an error response',
  ).toBe('function')
  return mod!.sendError!
}

/** The .ts files under src/routes, as src/routes/... */
function routeFiles(dir = routesDir): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return routeFiles(full)
    return entry.name.endsWith('.ts') ? [path.relative(srcDir, full).split(path.sep).join('/')] : []
  })
}

/** The code without its comments, line numbers kept. */
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, '')).replace(/^\s*\/\/.*$/gm, '')
}

/** Every line of the route modules that matches `pattern`, as "file:line: code". */
function routeLinesMatching(pattern: RegExp): string[] {
  const files = routeFiles()
  expect(files.length, '🚨 no route modules found in src/routes (one router per resource, from 01.03)').toBeGreaterThan(
    0,
  )
  return files.flatMap((file) =>
    withoutComments(fs.readFileSync(path.join(srcDir, file), 'utf8'))
      .split('\n')
      .flatMap((line, index) => (pattern.test(line) ? [`src/${file}:${index + 1}: ${line.trim()}`] : [])),
  )
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('02.01 error classes', () => {
  test.each<[name: keyof AppErrorModule, status: number, code: string]>([
    ['NotFoundError', 404, 'NOT_FOUND'],
    ['UnauthorizedError', 401, 'UNAUTHORIZED'],
    ['ForbiddenError', 403, 'FORBIDDEN'],
    ['ConflictError', 409, 'CONFLICT'],
    ['ValidationError', 422, 'VALIDATION_FAILED'],
  ])('%s is an AppError with status %i and code %s', async (name, status, code) => {
    const errors = await loadErrors()
    const ErrorClass = errors[name] as ErrorClass | undefined
    expect(typeof ErrorClass, `🚨 src/errors/app-error.ts should export ${name}`).toBe('function')

    const cause = new Error('what went wrong underneath')
    const error = new ErrorClass!('the message for the client', { cause })
    expect(error, `🚨 ${name} should extend AppError`).toBeInstanceOf(errors.AppError!)
    expect(error, `🚨 ${name} should extend Error (through AppError), so it has a stack`).toBeInstanceOf(Error)
    expect(
      { status: error.status, code: error.code, name: error.name },
      `🚨 ${name} should carry status ${status}, code "${code}", and its class name as name (it shows in logs)`,
    ).toEqual({ status, code, name })
    expect(error.message, `🚨 ${name} should keep the message it is given`).toBe('the message for the client')
    expect(error.cause, `🚨 ${name} should pass { cause } on to Error, so logs keep the original error`).toBe(cause)
    expect(new ErrorClass!().message, `🚨 ${name} should have a default message`).not.toBe('')
  })

  test('no route module sets an error status by hand', () => {
    const byHand = routeLinesMatching(/\.(status|sendStatus)\(\s*[45]\d\d\b|\.statusCode\s*=\s*[45]\d\d\b/)
    expect(
      byHand,
      `🚨 throw an error class instead (throw new NotFoundError(...)) and let sendError(res, error) choose the status:\n${byHand.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })

  test('no route module builds the error body by hand', () => {
    const byHand = routeLinesMatching(/\berrors\s*:\s*\{/)
    expect(
      byHand,
      `🚨 only sendError(res, error) writes { errors: { body: [...] } }: throw an error class instead:\n${byHand.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })

  test('sendError answers an AppError with its status and the spec error body', async () => {
    const errors = await loadErrors()
    const sendError = await loadSendError()
    const app = express()
    app.get('/forbidden', (_req, res) => {
      sendError(res, new errors.ForbiddenError!('you are not the author of this article'))
    })
    app.get('/conflict', (_req, res) => {
      sendError(res, new errors.ConflictError!('this slug is taken'))
    })

    const forbidden = await request(app).get('/forbidden')
    expect(
      { status: forbidden.status, body: forbidden.body },
      '🚨 sendError should answer an AppError with error.status and { errors: { body: [error.message] } }',
    ).toEqual({ status: 403, body: { errors: { body: ['you are not the author of this article'] } } })
    const conflict = await request(app).get('/conflict')
    expect({ status: conflict.status, body: conflict.body }).toEqual({
      status: 409,
      body: { errors: { body: ['this slug is taken'] } },
    })
  })

  test('sendError answers any other error with 500 and a message that gives nothing away', async () => {
    const sendError = await loadSendError()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const app = express()
    app.get('/boom', (_req, res) => {
      sendError(res, new Error('SQLITE_BUSY: database is locked (file:/srv/conduit/prod.db)'))
    })
    app.get('/thrown-string', (_req, res) => {
      sendError(res, 'a string, not an Error')
    })

    for (const path of ['/boom', '/thrown-string']) {
      const response = await request(app).get(path)
      expect(
        { status: response.status, body: response.body },
        '🚨 an error that is not an AppError is a bug on our side: 500 with the fixed message "internal server error"',
      ).toEqual({ status: 500, body: { errors: { body: ['internal server error'] } } })
      expect(response.text, '🚨 the internal message must not reach the client').not.toMatch(
        /SQLITE|prod\.db|not an Error/,
      )
    }
  })
})
