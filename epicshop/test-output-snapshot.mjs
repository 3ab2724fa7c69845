// The Tests tab loses output (used by event-stream-guard.mjs). Upstream's test
// route (app/routes/test.tsx in 6.50.2) streams each chunk of the run's output
// once, as a delta, and the page reads the stream with `useEventSource`, which
// keeps only the latest message: when two messages arrive before React renders
// (a busy machine, or the burst of failure reports at the end of a run), every
// message but the last is dropped, and with it the failing tests' names and 🚨
// lines. The page also keys each chunk by its millisecond timestamp, so two
// chunks read in the same millisecond collide.
//
// The fix, without touching upstream code: every message of a test-output
// stream becomes one `init` event holding the whole output so far (which the
// page replaces its lines with), so whichever message the page reads last is
// complete. Chunks of one stream type in a row are joined, and each entry gets
// a timestamp later than the one before, so no two keys are equal. Characters
// the tab's fonts cannot draw are replaced by ones they can.

const outputTypes = new Set(['stdout', 'stderr'])

/** Characters Vitest prints that the Tests tab draws as empty boxes, and what stands in for them. */
const undrawable = [[/\u23af/g, '\u2500']]

function drawable(text) {
  return undrawable.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text)
}

function isTestEvent(event) {
  if (event === null || typeof event !== 'object') return false
  if (event.type === 'init') return Array.isArray(event.output)
  if (event.type === 'exit') return true
  return outputTypes.has(event.type) && typeof event.data === 'string'
}

/** Parses one message's data as a batch of test-output events, or returns undefined. */
function testEvents(data) {
  if (typeof data !== 'string' || !data.startsWith('[')) return undefined
  try {
    const events = JSON.parse(data)
    return Array.isArray(events) && events.length > 0 && events.every(isTestEvent) ? events : undefined
  } catch {
    return undefined
  }
}

/**
 * One per stream. `take(data)` reads a message the route is about to send and
 * returns what to send instead: undefined when the message is not test output
 * (send it as it is), or the data of one message with the whole output so far.
 */
export function createTestOutputSnapshot() {
  /** @type {{ type: 'stdout' | 'stderr', content: string, timestamp: number }[]} */
  const lines = []
  let isRunning = false
  let exitCode

  function append(type, content, timestamp) {
    const last = lines.at(-1)
    if (last && last.type === type) {
      last.content += drawable(content)
      return
    }
    const after = last ? last.timestamp + 1 : -Infinity
    lines.push({ type, content: drawable(content), timestamp: Math.max(timestamp, after) })
  }

  return {
    take(data) {
      const events = testEvents(data)
      if (!events) return undefined
      const exits = []
      for (const event of events) {
        if (event.type === 'init') {
          lines.length = 0
          for (const line of event.output) append(line.type, line.content, line.timestamp)
          isRunning = event.isRunning
          exitCode = event.exitCode
        } else if (event.type === 'exit') {
          isRunning = false
          exitCode = event.code
          exits.push(event)
        } else {
          append(event.type, event.data, event.timestamp)
          isRunning = true
        }
      }
      // The exit comes after the snapshot, as upstream sends it: the page sets the
      // verdict from it and reloads the route's data.
      const snapshot = { type: 'init', isRunning, exitCode, output: lines.map((line) => ({ ...line })) }
      return JSON.stringify([snapshot, ...exits])
    },
  }
}
