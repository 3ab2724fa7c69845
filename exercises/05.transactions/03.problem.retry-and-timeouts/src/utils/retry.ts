/** How hard to try: a bound on attempts and on time, and the backoff between attempts. */
export interface RetryPolicy {
  /** Attempts in all, the first included: 1 never retries. */
  attempts: number
  /** The pause before the first retry, doubled before each next one... */
  baseDelayMs: number
  /** ...up to this. */
  maxDelayMs: number
  /** No retry starts once this much time has passed since the first attempt. */
  budgetMs: number
}

export interface RetryEvent {
  /** The attempt that just failed, from 1. */
  attempt: number
  attempts: number
  /** How long until the next attempt. */
  delayMs: number
  error: unknown
}

/** What a retry needs from the world, injectable so a unit test neither sleeps nor rolls dice. */
export interface RetryDeps {
  sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1), as Math.random. */
  random?: () => number
  now?: () => number
  /** Called before each retry: where a log line goes. */
  onRetry?: (event: RetryEvent) => void
}

/**
 * The pause after failed attempt `attempt` (from 1): exponential, capped, and partly random.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  // 🐨 baseDelayMs doubled for each attempt after the first, never above maxDelayMs, and
  // part of it random, so clients that failed together do not come back together.
  // 💰 Look up "equal jitter" in the AWS article on backoff (README, Docs): the step is the
  // exponential delay capped at maxDelayMs; half of it is always waited, the other half is
  // scaled by random(). Round the result to whole milliseconds.
  // 💣 the throw and the voids
  void [attempt, policy, random]
  throw new Error('backoffDelay() is not written yet: src/utils/retry.ts')
}

/**
 * Runs `work` until it succeeds, retrying only what `isRetryable` allows, within the
 * policy's attempts and budget; then a 503 (ServiceUnavailableError) with the last
 * failure as its cause.
 */
export async function retry<T>(
  work: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  deps: RetryDeps = {},
): Promise<T> {
  // 🐨 1. Call work(attempt); return what it returns.
  // 🐨 2. A failure isRetryable() refuses is thrown at once, untouched: a unique
  //    violation sent again only fails again.
  // 🐨 3. Otherwise wait backoffDelay(...) (with deps.sleep, deps.random, deps.now; the
  //    defaults are setTimeout, Math.random and Date.now) and try again, calling
  //    deps.onRetry first, unless this was the last attempt or the pause would end past
  //    policy.budgetMs since the first attempt: then throw a ServiceUnavailableError
  //    (add it to src/errors/app-error.ts: 503, a code, a retryAfterSeconds that
  //    src/errors/send-error.ts turns into a Retry-After header) with { cause: error }.
  // 💣 the throw and the voids
  void [work, isRetryable, policy, deps]
  throw new Error('retry() is not written yet: src/utils/retry.ts')
}
