import type { RequestHandler } from 'express'
import { NotFoundError } from '../errors/app-error.js'

/**
 * Registered after every router, so a request reaches it only when no route matched.
 * It answers like any other 404, in the spec's error body, instead of Express's HTML
 * "Cannot GET ...". The message does not repeat the path: the log has it, and echoing
 * request input back is a habit worth not having.
 */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError('route not found'))
}
