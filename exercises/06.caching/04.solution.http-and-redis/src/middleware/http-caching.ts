import { createHash } from 'node:crypto'
import type { RequestHandler } from 'express'
import type { CacheAside } from '../cache/cache-aside.js'

/**
 * The version of everything the public GET routes show. Every write request forgets it
 * (before and after it runs), so an ETag made from it changes whenever an answer may have.
 */
const CONTENT_VERSION = 'http:content-version'

/**
 * HTTP caching for the read routes: who may keep an answer, and how to ask whether it
 * is still good.
 *
 * - Anonymous answers are the same for everyone: `Cache-Control: public, no-cache` (a
 *   browser or a CDN may keep them, and must ask again each time) and an ETag made from the
 *   content version and the URL. A request whose If-None-Match still matches is answered
 *   304 here, before any handler runs: no query, no JSON, no body.
 * - An answer to a request with a token is that reader's own (`favorited`, `following`):
 *   `Cache-Control: private, no-cache`, so no shared cache ever stores it.
 * - Both say `Vary: Authorization`: a shared cache must not answer a reader with a token
 *   from the entry it keeps for anonymous readers.
 */
export function createHttpCaching(cache: Pick<CacheAside, 'version' | 'forget'>) {
  /** For GET routes whose anonymous answer is the same for everyone. */
  const publicRead: RequestHandler = async (req, res, next) => {
    res.vary('Authorization')
    if (req.headers.authorization !== undefined) {
      res.set('Cache-Control', 'private, no-cache')
      return next()
    }
    const version = await cache.version(CONTENT_VERSION)
    const tag = createHash('sha256').update(`${version} ${req.originalUrl}`).digest('base64url').slice(0, 27)
    res.set('Cache-Control', 'public, no-cache')
    res.set('ETag', `"${tag}"`)
    // req.fresh compares If-None-Match with the ETag just set (and honours no-cache in the request).
    if (req.fresh) {
      res.status(304).end()
      return
    }
    // The validator describes a 200; an error (a 404 for a slug nobody has yet) keeps none.
    const json = res.json.bind(res)
    res.json = (body: unknown) => {
      if (res.statusCode !== 200) {
        res.removeHeader('ETag')
        res.set('Cache-Control', 'no-store')
      }
      return json(body)
    }
    next()
  }

  /** For GET routes that only answer a signed-in reader (the feed, the current user). */
  const personalRead: RequestHandler = (_req, res, next) => {
    res.vary('Authorization')
    res.set('Cache-Control', 'private, no-cache')
    next()
  }

  /**
   * For every other request: a write moves the content version before it runs (a read
   * during the write gets an ETag that the write will make stale) and again once it has
   * answered (so that ETag is stale).
   */
  const writes: RequestHandler = async (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    await cache.forget(CONTENT_VERSION)
    res.on('finish', () => void cache.forget(CONTENT_VERSION))
    next()
  }

  return { publicRead, personalRead, writes }
}
