/**
 * One endpoint under load: a check that it answers with real data, then
 * autocannon on loopback. The figures of a run that mostly failed are refused
 * by the runner (see invalidReason), never printed as if they were the app's.
 */
import autocannon from 'autocannon'
import type { Endpoint, Figures } from './load-compare.js'

export interface LoadOptions {
  connections: number
  durationSeconds: number
}

/**
 * Fails unless the endpoint answers 200 with a non-empty list: a bench of 404s,
 * of errors or of an empty database measures nothing worth comparing.
 */
export async function checkEndpoint(baseUrl: string, endpoint: Endpoint): Promise<void> {
  const response = await fetch(baseUrl + endpoint.path, { signal: AbortSignal.timeout(30_000) })
  const text = await response.text()
  const problem = (what: string) =>
    new Error(
      `${endpoint.name} ${what}, so there is nothing worth measuring. It answered ${response.status}: ${text.slice(0, 300)}`,
    )
  if (response.status !== 200) throw problem('does not answer 200')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw problem('does not answer JSON')
  }
  const list = (body as Record<string, unknown> | null)?.[endpoint.listKey]
  if (!Array.isArray(list) || list.length === 0) throw problem(`has no ${endpoint.listKey} in its answer`)
}

export function toFigures(result: autocannon.Result): Figures {
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    responses: result['2xx'] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

export async function measure(url: string, options: LoadOptions): Promise<Figures> {
  const result = await autocannon({ url, connections: options.connections, duration: options.durationSeconds })
  return toFigures(result)
}
