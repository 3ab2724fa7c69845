/**
 * Races made deterministic, through buildApp({ beforeQuery }).
 *
 * In-process SQLite answers in microseconds, so two requests on one Node process hardly
 * ever overlap, and a check-then-write race that is real in production (where the
 * database is a network hop away and requests pile up under load) never shows in a test.
 * A rendezvous makes it show every time: it holds back the writes it is told about until
 * all the racing requests have reached theirs, then lets them go together.
 */
import type { QueryEvent } from './app.js'

const WRITES = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
])

/** Whether a query writes to `model` ("User", "Article", …). */
export function writesTo(model: string): (query: QueryEvent) => boolean {
  return (query) => query.model === model && WRITES.has(query.operation)
}

export interface Rendezvous {
  /** For buildApp({ beforeQuery }). */
  beforeQuery: (query: QueryEvent) => Promise<void> | undefined
  /** Whether `count` queries met (false if the wait timed out). */
  readonly met: boolean
}

/**
 * Holds back each query that `matches` until `count` of them are waiting, then lets them
 * all go at once. It works once: later queries pass straight through. If fewer than
 * `count` arrive within `timeoutMs`, the ones waiting go anyway and `met` stays false.
 */
export function rendezvous(count: number, matches: (query: QueryEvent) => boolean, timeoutMs = 2000): Rendezvous {
  let waiting: Array<() => void> = []
  let done = false
  let met = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const release = () => {
    done = true
    clearTimeout(timer)
    for (const go of waiting) go()
    waiting = []
  }
  return {
    get met() {
      return met
    },
    beforeQuery(query) {
      if (done || !matches(query)) return undefined
      return new Promise<void>((resolve) => {
        waiting.push(resolve)
        if (waiting.length >= count) {
          met = true
          release()
        } else if (waiting.length === 1) {
          timer = setTimeout(release, timeoutMs)
        }
      })
    },
  }
}
