import { describe, expect, test } from 'vitest'
import {
  estimateLeft,
  formatDuration,
  formatStatus,
  formatStepDone,
  Progress,
  type ProgressSnapshot,
} from '../src/validate/progress.js'
import { isInteractive, StatusLine, type OutputStream } from '../src/validate/status-line.js'
import type { StepReport } from '../src/validate/validate.js'

/** A stream that keeps what is written to it. */
function fakeStream(options: { isTTY?: boolean; columns?: number } = {}): OutputStream & { text: string } {
  return {
    text: '',
    ...options,
    write(chunk: string) {
      this.text += chunk
      return true
    },
  }
}

/** A clock the test moves by hand (ms). */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 0
  return { now: () => time, advance: (ms) => (time += ms) }
}

const CLEAR = '\r\x1b[2K'

function report(overrides: Partial<StepReport> = {}): StepReport {
  return {
    id: '02.03',
    name: 'database-errors',
    typeErrors: 0,
    solution: { passed: 40, total: 40 },
    problem: { practiceFailed: 3, practiceTotal: 3, otherPassed: 37, otherTotal: 37 },
    fileIssues: 0,
    impliedBy: '7 files from 02.02',
    continuity: { previous: '02.02', differences: 0 },
    counterfeits: [{ name: 'hard-coded', summary: 's', caught: true, caughtBy: ['t'] }],
    findings: [],
    ...overrides,
  }
}

const running: ProgressSnapshot = {
  elapsed: 102,
  steps: { done: 7, total: 19 },
  preparing: undefined,
  testFiles: { done: 310, total: 842 },
  typecheck: { done: 40, total: 99, current: '04.01 solution' },
  running: ['04.02 problem'],
  left: 290,
}

describe('formatDuration', () => {
  test('minutes and seconds, hours when there are any', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(7.4)).toBe('0:07')
    expect(formatDuration(75)).toBe('1:15')
    expect(formatDuration(449)).toBe('7:29')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(-3)).toBe('0:00')
  })
})

describe('formatStatus', () => {
  test('says which step is being prepared before the runs start', () => {
    expect(formatStatus({ ...running, elapsed: 1, steps: { done: 0, total: 19 }, preparing: { step: '03.02' } })).toBe(
      '[0:01] steps 0/19 · preparing 03.02 (counterfeit copies, tests implied by the previous step)',
    )
  })

  test('counts steps, test files and typechecked apps, and names what runs now, the typecheck last', () => {
    expect(formatStatus(running)).toBe(
      '[1:42] steps 7/19 · test files 310/842 · typecheck 40/99 · 4:50 left · running 04.02 problem, typecheck 04.01 solution',
    )
  })

  test('says Vitest is starting until it has listed its files, and that the estimate is not there yet', () => {
    expect(formatStatus({ ...running, testFiles: undefined, left: undefined, running: [] })).toBe(
      '[1:42] steps 7/19 · starting Vitest · typecheck 40/99 · estimating time left · running typecheck 04.01 solution',
    )
  })

  test('names three running apps and counts the rest', () => {
    const apps = ['05.01 problem', '05.01 solution', '05.01 counterfeit a', '05.01 counterfeit b', '05.02 problem']
    expect(formatStatus({ ...running, running: apps, typecheck: undefined })).toMatch(
      / · running 05\.01 problem, 05\.01 solution, 05\.01 counterfeit a, 2 more$/,
    )
  })
})

describe('formatStepDone', () => {
  test("a passing step: its row's cells, each named by its column, after the time (never the step id first)", () => {
    const [line, ...rest] = formatStepDone(report(), 64, 5, 19)
    expect(line).toBe(
      '[1:04] 5/19 02.03 database-errors PASS · typecheck ok · solution tests 40/40 pass · ' +
        'problem tests 3/3 practice fail, 37/37 other pass (7 files from 02.02) · counterfeits 1/1 caught · ' +
        'files ok · continuity = 02.02 solution',
    )
    expect(rest).toEqual([])
  })

  test('a failing step: its first finding under it, and how many more the end lists', () => {
    const failing = report({ findings: ['solution: tests/a.test.ts › it works: expected 1 to be 2', 'one more', 'and another'] })
    const lines = formatStepDone(failing, 64, 5, 19)
    expect(lines[0]).toMatch(/^\[1:04\] 5\/19 02\.03 database-errors FAIL · /)
    expect(lines[1]).toBe('    solution: tests/a.test.ts › it works: expected 1 to be 2 (and 2 more, listed after the table)')
  })
})

describe('estimateLeft', () => {
  test('needs every total, and two finished units of the work that is not done', () => {
    expect(estimateLeft([{ done: 0, total: undefined, firstDoneAt: undefined }], 5_000)).toBeUndefined()
    expect(estimateLeft([{ done: 1, total: 10, firstDoneAt: 4_000 }], 5_000)).toBeUndefined()
    expect(estimateLeft([{ done: 10, total: 10, firstDoneAt: 4_000 }], 5_000)).toBe(0)
  })

  test('projects each work at its pace since its first unit finished, and takes the slower', () => {
    // Tests: 1 + 10 files in the 20 s after the first, 89 left: 178 s. Typecheck: 1 + 4 in 8 s, 15 left: 30 s.
    const tests = { done: 11, total: 100, firstDoneAt: 10_000 }
    const typecheck = { done: 5, total: 20, firstDoneAt: 22_000 }
    expect(estimateLeft([tests, typecheck], 30_000)).toBeCloseTo(178)
    expect(estimateLeft([{ ...tests, done: 100 }, typecheck], 30_000)).toBeCloseTo(30)
  })
})

describe('Progress', () => {
  function progress() {
    const clock = fakeClock()
    const out = { started: 0, changes: 0, lines: [] as string[] }
    const shown = {
      start: () => void out.started++,
      changed: () => void out.changes++,
      line: (text: string) => void out.lines.push(text),
    }
    return { clock, out, progress: new Progress(shown, clock.now) }
  }

  test('prints the steps it validates, then starts the status line', () => {
    const { out, progress: p } = progress()
    p.started(['01.01', '01.02'])
    expect(out.lines).toEqual(['Validating 2 steps: 01.01 01.02'])
    expect(out.started).toBe(1)
    expect(p.status()).toBe('[0:00] steps 0/2 · preparing (counterfeit copies, tests implied by the previous step)')
  })

  test('follows the events: files on workers by app, typecheck, time left, and a line per step judged', () => {
    const { clock, out, progress: p } = progress()
    p.started(['01.01', '01.02'])
    p.preparing('01.02')
    expect(p.snapshot().preparing).toEqual({ step: '01.02' })
    clock.advance(2_000)
    p.launched({ apps: 4, typechecks: 4, typechecking: '01.01 solution' })
    p.testsPlanned(8)
    p.testFileStarted('01.01 problem')
    p.testFileStarted('01.01 problem')
    clock.advance(3_000)
    p.testFileFinished('01.01 problem')
    expect(p.snapshot().running).toEqual(['01.01 problem'])
    p.testFileStarted('01.01 solution')
    clock.advance(1_000)
    p.testFileFinished('01.01 problem')
    p.typechecked('01.01 solution', '01.01 problem')
    clock.advance(1_000)
    p.typechecked('01.01 problem', '01.02 solution')

    const snapshot = p.snapshot()
    expect(snapshot).toMatchObject({
      elapsed: 7,
      preparing: undefined,
      testFiles: { done: 2, total: 8 },
      typecheck: { done: 2, total: 4, current: '01.02 solution' },
      running: ['01.01 solution'],
    })
    // Tests: 1 file in the 2 s after the first, 6 left: 12 s; typecheck: 1 in 1 s, 2 left: 2 s.
    expect(snapshot.left).toBeCloseTo(12)
    expect(out.changes).toBeGreaterThanOrEqual(9)

    p.stepJudged(report({ id: '01.01', name: 'app-factory' }))
    expect(out.lines.at(-1)).toMatch(/^\[0:07\] 1\/2 01\.01 app-factory PASS · /)
    expect(p.snapshot().steps).toEqual({ done: 1, total: 2 })
  })
})

describe('isInteractive', () => {
  test('a terminal, unless CI says otherwise', () => {
    const tty = { write: () => true, isTTY: true }
    expect(isInteractive(tty, {})).toBe(true)
    expect(isInteractive(tty, { CI: 'true' })).toBe(false)
    expect(isInteractive(tty, { CI: '1' })).toBe(false)
    expect(isInteractive(tty, { CI: 'false' })).toBe(true)
    expect(isInteractive({ write: () => true }, {})).toBe(false)
  })
})

describe('StatusLine without a terminal (CI, a pipe)', () => {
  function line() {
    const clock = fakeClock()
    const stream = fakeStream()
    let text = 'status 1'
    const status = new StatusLine(stream, () => text, { interactive: false, everyMs: 8_000, tickMs: 0, now: clock.now })
    return { clock, stream, status, say: (next: string) => (text = next) }
  }

  test('prints the status at once, then again once every 8 s at most, checked on each tick and change', () => {
    const { clock, stream, status, say } = line()
    status.start()
    expect(stream.text).toBe('status 1\n')
    clock.advance(5_000)
    say('status 2')
    status.changed()
    status.tick()
    expect(stream.text).toBe('status 1\n')
    clock.advance(3_000)
    status.changed()
    expect(stream.text).toBe('status 1\nstatus 2\n')
    clock.advance(8_000)
    status.tick()
    expect(stream.text).toBe('status 1\nstatus 2\nstatus 2\n')
  })

  test('writes lines that stay as they are, and no control character ever', () => {
    const { stream, status } = line()
    status.start()
    status.line('[0:14] 1/3 01.01 step-1 PASS')
    status.interceptWrites(process.stdout)
    status.stop()
    expect(stream.text).toBe('status 1\n[0:14] 1/3 01.01 step-1 PASS\n')
    expect(stream.text).not.toContain('\x1b')
    expect(stream.text).not.toContain('\r')
  })

  test('prints nothing before start() or after stop()', () => {
    const { clock, stream, status } = line()
    status.changed()
    status.start()
    status.stop()
    clock.advance(20_000)
    status.tick()
    status.changed()
    expect(stream.text).toBe('status 1\n')
  })
})

describe('StatusLine on a terminal', () => {
  function line(columns = 40) {
    const clock = fakeClock()
    const stream = fakeStream({ isTTY: true, columns })
    let text = 'status 1'
    const status = new StatusLine(stream, () => text, { interactive: true, tickMs: 0, now: clock.now })
    return { clock, stream, status, say: (next: string) => (text = next) }
  }

  test('draws one line in place, redrawn when it changes, at most every 100 ms', () => {
    const { clock, stream, status, say } = line()
    status.start()
    expect(stream.text).toBe(`${CLEAR}status 1`)
    say('status 2')
    clock.advance(50)
    status.changed()
    expect(stream.text).toBe(`${CLEAR}status 1`)
    status.tick()
    expect(stream.text).toBe(`${CLEAR}status 1${CLEAR}status 2`)
    clock.advance(1_000)
    status.tick()
    expect(stream.text).toBe(`${CLEAR}status 1${CLEAR}status 2`)
  })

  test('cuts the line one column short of the width, so it never wraps', () => {
    const { stream, status, say } = line(20)
    say('0123456789'.repeat(5))
    status.start()
    expect(stream.text).toBe(`${CLEAR}0123456789012345678`)
  })

  test('takes 80 columns where the terminal says 0', () => {
    const { stream, status, say } = line(0)
    say('x'.repeat(100))
    status.start()
    expect(stream.text).toBe(`${CLEAR}${'x'.repeat(79)}`)
  })

  test('puts lines that stay above it: clears it, writes the line, draws it again', () => {
    const { stream, status } = line()
    status.start()
    status.line('[0:14] 1/3 01.01 step-1 PASS')
    expect(stream.text).toBe(`${CLEAR}status 1${CLEAR}[0:14] 1/3 01.01 step-1 PASS\n${CLEAR}status 1`)
  })

  test('clears it before anything else writes to the streams it watches, and gives them back on stop', () => {
    const { clock, stream, status } = line()
    const other = fakeStream()
    const write = other.write
    status.start()
    status.interceptWrites(other as unknown as NodeJS.WritableStream)
    other.write('a warning\n')
    expect(stream.text).toBe(`${CLEAR}status 1${CLEAR}`)
    expect(other.text).toBe('a warning\n')
    clock.advance(250)
    status.tick()
    expect(stream.text).toBe(`${CLEAR}status 1${CLEAR}${CLEAR}status 1`)
    status.stop()
    expect(stream.text.endsWith(CLEAR)).toBe(true)
    expect(other.write).toBe(write)
  })
})
