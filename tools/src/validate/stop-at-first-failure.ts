/**
 * A setup file for a counterfeit's run: once one test of the worker has failed, the
 * rest are skipped. A counterfeit is caught by its first failing practice test, and
 * the tests after it (a race that waits out its rendezvous, a retry that waits out
 * its budget) would only spend time. `npm test -- --counterfeits` runs them all, to
 * list every test that catches each one.
 */
import { beforeEach } from 'vitest'

const failed = Symbol.for('production-express.counterfeit-failed')
type Holder = { [failed]?: boolean }

beforeEach(({ skip, onTestFailed }) => {
  // On globalThis: with isolate: false a worker's next file loads this file again.
  const holder = globalThis as Holder
  if (holder[failed]) skip('a test of this counterfeit already failed')
  onTestFailed(() => {
    holder[failed] = true
  })
})
