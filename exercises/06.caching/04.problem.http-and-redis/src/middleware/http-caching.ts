import type { RequestHandler } from 'express'
import type { CacheAside } from '../cache/cache-aside.js'

/**
 * HTTP caching for the read routes: who may keep an answer, and how to ask whether it
 * is still good.
 */
export function createHttpCaching(cache: Pick<CacheAside, 'version' | 'forget'>) {
  /** For GET routes whose anonymous answer is the same for everyone. */
  const publicRead: RequestHandler = (_req, _res, next) => {
    // 🐨 res.vary('Authorization'). With a token: Cache-Control: private, no-cache, and on.
    // 🐨 Anonymous: Cache-Control: public, no-cache; an ETag made from
    // `await cache.version('http:content-version')` and req.originalUrl (a hash, quoted);
    // then `if (req.fresh)` answer 304 with no body, before any handler runs.
    // 🦉 Only a 200 should keep the ETag: a 404 for a slug nobody has yet must not be
    // revalidated into a 304 once the article exists.
    void cache
    next()
  }

  /** For GET routes that only answer a signed-in reader (the feed, the current user). */
  const personalRead: RequestHandler = (_req, _res, next) => {
    // 🐨 Vary: Authorization, Cache-Control: private, no-cache
    next()
  }

  /** For every other request. */
  const writes: RequestHandler = (_req, _res, next) => {
    // 🐨 A write (not GET or HEAD) forgets the content version before it runs and again
    // once it has answered (res.on('finish')).
    next()
  }

  return { publicRead, personalRead, writes }
}
