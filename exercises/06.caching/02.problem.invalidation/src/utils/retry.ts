import { ServiceUnavailableError } from '../errors/app-error.js'

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

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The pause after failed attempt `attempt` (from 1): exponential, capped, and half of it
 * random ("equal jitter"), so clients that failed together do not all come back together,
 * while each still waits at least half the step.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(step / 2 + random() * (step / 2))
}

/**
 * Runs `work` until it succeeds, retrying only what `isRetryable` says is safe (a write
 * conflict, a busy database), at most `policy.attempts` times in all and never past
 * `policy.budgetMs`. Anything else is thrown at once, as it was. When attempts or time run
 * out, throws ServiceUnavailableError (503, Retry-After) with the last failure as its cause.
 */
export async function retry<T>(
  work: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  { sleep = sleepFor, random = Math.random, now = Date.now, onRetry }: RetryDeps = {},
): Promise<T> {
  const started = now()
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt)
    } catch (error) {
      if (!isRetryable(error)) throw error
      const delayMs = backoffDelay(attempt, policy, random)
      const outOfTime = now() + delayMs - started > policy.budgetMs
      if (attempt >= policy.attempts || outOfTime) {
        throw new ServiceUnavailableError('the database is busy, try again shortly', 1, { cause: error })
      }
      onRetry?.({ attempt, attempts: policy.attempts, delayMs, error })
      await sleep(delayMs)
    }
  }
}
