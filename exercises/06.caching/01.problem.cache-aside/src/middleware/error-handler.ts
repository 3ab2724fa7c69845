import type { ErrorRequestHandler } from 'express'
import { AppError } from '../errors/app-error.js'
import { sendError } from '../errors/send-error.js'

/** Where unexpected errors are reported. `console` is one; tests pass their own. */
export interface Logger {
  error(message: string, ...details: unknown[]): void
  /** Something worth knowing that the app recovered from (a retried write); `error` when absent. */
  warn?(message: string, ...details: unknown[]): void
}

/**
 * express.json() fails before any route runs, with an error from the http-errors
 * package whose `type` says what was wrong with the body. Those are the client's
 * mistakes, so they become AppErrors with a fixed message: the parser's own message
 * quotes the broken input back.
 */
function fromBodyParser(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'MALFORMED_JSON', 'request body is not valid JSON', { cause: error })
    case 'entity.too.large':
      return new AppError(413, 'BODY_TOO_LARGE', 'request body is too large', { cause: error })
    default:
      return undefined
  }
}

/**
 * Express decodes each path parameter with decodeURIComponent before any route runs, and
 * a URL like /api/articles/%E0%A4%A cannot be decoded: the router passes on a URIError
 * marked 400. The client's mistake, so a 400 with a fixed message (the router's own
 * quotes the parameter back).
 */
function fromRouter(error: unknown): AppError | undefined {
  if (!(error instanceof URIError) || !('status' in error) || error.status !== 400) return undefined
  return new AppError(400, 'MALFORMED_URL', 'the URL is not correctly percent-encoded', { cause: error })
}

/**
 * The one place a failed request ends. Express calls it for an error thrown by a
 * handler, a promise a handler returned that rejected (Express 5 does that itself), or
 * an error passed to next(error) by middleware. It answers every error in the spec's
 * shape, translating the body parser's and the router's refusals it understands (the
 * repositories translate the database's before they get here), and logs the ones we did
 * not anticipate, once, with the request they broke.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  // Four parameters, even unused: that is how Express tells an error handler apart.
  return (error, req, res, _next) => {
    const where = `${req.method} ${req.path}`
    if (res.headersSent) {
      // Too late for an error response, whatever the error: cut the connection (as
      // Express's own handler does), so the client sees a broken response rather than
      // a complete-looking half of one.
      logger.error(`${where} failed after the response had started`, error)
      req.socket.destroy()
      return
    }

    const known =
      error instanceof AppError ? error : (fromBodyParser(error) ?? fromRouter(error))
    // Expected failures (a 404, a 401) are the API working as designed: no log line,
    // or the real problems drown in them.
    if (!known) logger.error(`${where} failed`, error)
    sendError(res, known ?? error)
  }
}
