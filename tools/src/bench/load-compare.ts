/**
 * The maths of `npm run bench`: what one endpoint measured on each app, how the
 * two compare, and whether module 06's goal is met. No I/O here, so every rule is
 * a unit test away.
 */

/** What autocannon measured for one endpoint on one app. */
export interface Figures {
  /** Mean requests per second over the measured seconds. */
  requestsPerSecond: number
  /** 99th percentile latency, in milliseconds. */
  p99Ms: number
  /** Every response received, whatever its status. */
  responses: number
  /** Responses whose status was not 2xx. */
  non2xx: number
  /** Connection errors and timeouts: requests that got no response at all. */
  errors: number
}

/** What an endpoint must reach in this app against the inherited one (module 06's goal). */
export interface Goal {
  /** This app's req/s divided by the inherited app's must be at least this. */
  minThroughputRatio: number
  /** This app's p99 divided by the inherited app's must be at most this, when set. */
  maxP99Ratio?: number
}

export interface Endpoint {
  /** As printed: "GET /api/tags". */
  name: string
  path: string
  /** The list the response must hold, non-empty, for the bench to measure real work. */
  listKey: string
  goal: Goal
}

export const ENDPOINTS: readonly Endpoint[] = [
  { name: 'GET /api/tags', path: '/api/tags', listKey: 'tags', goal: { minThroughputRatio: 5 } },
  {
    name: 'GET /api/articles',
    path: '/api/articles',
    listKey: 'articles',
    goal: { minThroughputRatio: 20, maxP99Ratio: 0.1 },
  },
]

/** Above this share of failed requests (non-2xx or no response) a figure measures failures, not the app. */
export const MAX_FAILED_SHARE = 0.05

export interface Comparison {
  endpoint: Endpoint
  inherited: Figures
  current: Figures
  /** current req/s ÷ inherited req/s; undefined when the inherited app served nothing. */
  throughputRatio: number | undefined
  /** current p99 ÷ inherited p99; undefined when the inherited p99 is 0. */
  p99Ratio: number | undefined
  goalMet: boolean
}

function ratio(numerator: number, denominator: number): number | undefined {
  return denominator > 0 ? numerator / denominator : undefined
}

export function compare(endpoint: Endpoint, inherited: Figures, current: Figures): Comparison {
  const throughputRatio = ratio(current.requestsPerSecond, inherited.requestsPerSecond)
  const p99Ratio = ratio(current.p99Ms, inherited.p99Ms)
  const { minThroughputRatio, maxP99Ratio } = endpoint.goal
  // A ratio that cannot be computed cannot show the goal reached.
  const throughputMet = throughputRatio !== undefined && throughputRatio >= minThroughputRatio
  const p99Met = maxP99Ratio === undefined || (p99Ratio !== undefined && p99Ratio <= maxP99Ratio)
  return { endpoint, inherited, current, throughputRatio, p99Ratio, goalMet: throughputMet && p99Met }
}

/** The share of requests that failed: non-2xx responses plus requests with no response. */
export function failedShare(figures: Figures): number {
  const attempts = figures.responses + figures.errors
  return attempts === 0 ? 1 : (figures.non2xx + figures.errors) / attempts
}

/** Why these figures are not a measurement of the app, or undefined when they are. */
export function invalidReason(figures: Figures): string | undefined {
  if (figures.responses === 0) return 'no response at all'
  const share = failedShare(figures)
  if (share <= MAX_FAILED_SHARE) return undefined
  return (
    `${(share * 100).toFixed(1)}% of requests failed (${figures.non2xx} non-2xx responses, ` +
    `${figures.errors} without a response, of ${figures.responses + figures.errors}); ` +
    `more than ${MAX_FAILED_SHARE * 100}% measures failures, not the app`
  )
}
