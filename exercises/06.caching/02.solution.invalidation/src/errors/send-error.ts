import type { Response } from 'express'
import { AppError, ServiceUnavailableError } from './app-error.js'

/**
 * Writes the response for a failed request: the one place that knows the spec's
 * error envelope, `{ "errors": { "body": [...] } }`, with one message per problem.
 *
 * An AppError is a failure we anticipated, and its message is written for the client.
 * Anything else is a bug or an outage on our side: its message may hold a file path,
 * SQL or a connection string, so the client gets a fixed sentence. The error handler
 * logs the details, with the request they belong to.
 */
export function sendError(res: Response, error: unknown): void {
  if (error instanceof ServiceUnavailableError) res.set('Retry-After', String(error.retryAfterSeconds))
  if (error instanceof AppError) {
    res.status(error.status).json({ errors: { body: error.messages } })
    return
  }
  res.status(500).json({ errors: { body: ['internal server error'] } })
}
