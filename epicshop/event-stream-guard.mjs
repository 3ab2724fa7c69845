// Stands in for `remix-utils/sse/server` inside the workshop app (registered by
// preload.mjs). Upstream's test-output route (app/routes/test.tsx in 6.50.2) keeps
// a 10 ms interval that sends on the stream; when the browser goes away first
// (switching tabs quickly), the stream is cancelled before the request's signal
// aborts, the next send throws "Invalid state: Controller is already closed" from
// a timer, and the whole app process dies. The same route also returns a cleanup
// that leaves its interval running when no test process exists.
//
// The guard, without touching upstream code: a cancelled body stops the stream
// (the route's cleanup runs and later sends are dropped), a send that throws is
// dropped instead of escaping from a timer, and intervals the route started while
// setting up are cleared when the stream ends.
//
// On the test-output stream, every message is also turned into a snapshot of the
// whole output so far, so the page never loses a chunk: see test-output-snapshot.mjs.
import { eventStream as upstreamEventStream } from 'remix-utils/sse/server'
import { createTestOutputSnapshot } from './test-output-snapshot.mjs'

export function eventStream(signal, init, options, strategy) {
  const stop = new AbortController()
  if (signal.aborted) stop.abort()
  else signal.addEventListener('abort', () => stop.abort(), { once: true })

  const intervals = new Set()
  const response = upstreamEventStream(
    stop.signal,
    (send, close) => {
      const snapshot = createTestOutputSnapshot()
      const safeSend = (message) => {
        try {
          const data = snapshot.take(message?.data)
          send(data === undefined ? message : { ...message, data })
        } catch {
          // The reader is gone; the abort that follows runs the cleanup.
        }
      }
      const setInterval = globalThis.setInterval
      globalThis.setInterval = (...args) => {
        const timer = setInterval(...args)
        intervals.add(timer)
        return timer
      }
      let cleanup
      try {
        cleanup = init(safeSend, close)
      } finally {
        globalThis.setInterval = setInterval
      }
      return () => {
        for (const timer of intervals) clearInterval(timer)
        cleanup?.()
      }
    },
    options,
    strategy,
  )

  const reader = response.body.getReader()
  const body = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    cancel(reason) {
      stop.abort()
      return reader.cancel(reason)
    },
  })
  return new Response(body, { status: response.status, headers: response.headers })
}
