/**
 * A key-value cache with a time to live, as the services see it. Every method is async,
 * although the in-memory implementation answers at once: a cache on another machine
 * (Redis, in 06.04) cannot, and the callers should not have to change when it arrives.
 *
 * What a cache promises, whatever is behind it (tests/cache/cache.contract.ts checks it):
 * - a value comes back equal to what was stored, but never as the same object: changing
 *   what you got (or what you stored) changes nothing in the cache;
 * - a key is gone once its time to live has passed, or once it is deleted;
 * - `undefined` means "not cached": the caller loads the value from the source of truth.
 *
 * Values are plain data: objects, arrays, strings, numbers, booleans, null and Dates.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>
  /** Stores a copy of `value` for `ttlMs` milliseconds, replacing what the key held. */
  set(key: string, value: unknown, ttlMs: number): Promise<void>
  delete(key: string): Promise<void>
}
