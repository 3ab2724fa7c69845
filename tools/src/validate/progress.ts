/**
 * npm test's progress while it runs: fed by validation's events (validate.ts
 * ValidationEvents), it keeps count of what is done and running, says so in one
 * status line (status-line.ts draws it) and prints each step's verdict as soon as
 * it is known. The final table stays report.ts's.
 *
 *   [1:42] steps 7/19 · test files 310/842 · typecheck 40/99 · 4:50 left · running 04.02 problem, typecheck 04.01 solution
 *   [1:44] 8/19 04.01 repositories PASS · typecheck ok · solution tests 240/240 pass · …
 */
import { stepCells, TABLE_COLUMNS } from './report.js'
import type { StepReport, ValidationEvents } from './validate.js'

/** What the status line shows, at one moment. */
export interface ProgressSnapshot {
  elapsed: number
  steps: { done: number; total: number }
  /** Until validation launches its runs, it prepares them: the step it is at, once it is at one. */
  preparing: { step: string | undefined } | undefined
  /** Undefined until Vitest has listed its files. */
  testFiles: { done: number; total: number } | undefined
  typecheck: { done: number; total: number; current: string | undefined } | undefined
  /** What has a test file on a worker now, in the order it started. */
  running: string[]
  /** Seconds left; undefined while there is nothing to go on. */
  left: number | undefined
}

/** 75 → "1:15"; 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds))
  const s = String(whole % 60).padStart(2, '0')
  const m = Math.floor(whole / 60) % 60
  const h = Math.floor(whole / 3600)
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** At most this many of the running apps are named; the status line is one line. */
const NAMED = 3

export function formatStatus(snapshot: ProgressSnapshot): string {
  const parts = [`[${formatDuration(snapshot.elapsed)}] steps ${snapshot.steps.done}/${snapshot.steps.total}`]
  if (snapshot.preparing) {
    const step = snapshot.preparing.step
    parts.push(`preparing${step ? ` ${step}` : ''} (counterfeit copies, tests implied by the previous step)`)
    return parts.join(' · ')
  }
  const { testFiles, typecheck, running } = snapshot
  parts.push(testFiles ? `test files ${testFiles.done}/${testFiles.total}` : 'starting Vitest')
  if (typecheck) parts.push(`typecheck ${typecheck.done}/${typecheck.total}`)
  parts.push(snapshot.left === undefined ? 'estimating time left' : `${formatDuration(snapshot.left)} left`)
  const now = [...running.slice(0, NAMED), ...(running.length > NAMED ? [`${running.length - NAMED} more`] : [])]
  if (typecheck?.current) now.push(`typecheck ${typecheck.current}`)
  if (now.length > 0) parts.push(`running ${now.join(', ')}`)
  return parts.join(' · ')
}

/**
 * A step's verdict the moment it is known: the cells of its row in the final
 * table, each named by its column. It starts with the time, never with the step id,
 * so a line that starts with the id is always the final table's.
 */
export function formatStepDone(report: StepReport, elapsed: number, done: number, total: number): string[] {
  const [step, ...cells] = stepCells(report)
  const result = cells.pop()!
  const named = cells.map((cell, i) => `${TABLE_COLUMNS[i + 1]} ${cell}`)
  const lines = [`[${formatDuration(elapsed)}] ${done}/${total} ${step} ${result} · ${named.join(' · ')}`]
  const [first, ...more] = report.findings
  if (first !== undefined) {
    lines.push(`    ${first}${more.length > 0 ? ` (and ${more.length} more, listed after the table)` : ''}`)
  }
  return lines
}

/** Work that progresses by units: test files, typechecked apps. */
export interface Work {
  done: number
  /** Undefined until known. */
  total: number | undefined
  /** When the first unit finished (ms). */
  firstDoneAt: number | undefined
}

/**
 * Seconds left, from work done against work planned. The tests (one Vitest
 * process) and the typecheck (one child process) run at once, so validation ends
 * when the slower of them does: each is projected at its own pace, and the larger
 * projection is the estimate. A pace is taken from the end of the first unit on,
 * because the first pays for the start (Vitest's first worker and template
 * database; the compiler parsing the shared libraries): time since the first unit
 * finished / units finished since, × units left. Test files count alike though they
 * are not (a counterfeit's run stops at its first failing test), so it is rough at
 * first and firms up as files finish. Undefined while some work has no total yet,
 * or fewer than two of its units have finished.
 */
export function estimateLeft(work: Work[], now: number): number | undefined {
  let left = 0
  for (const { done, total, firstDoneAt } of work) {
    if (total === undefined) return undefined
    if (done >= total) continue
    if (done < 2 || firstDoneAt === undefined) return undefined
    left = Math.max(left, (((now - firstDoneAt) / 1000) * (total - done)) / (done - 1))
  }
  return left
}

/** Validation's events → the status line's snapshot, and a line per step judged. */
export class Progress implements ValidationEvents {
  private readonly startedAt: number
  private steps: string[] = []
  private judged = 0
  private launchedRuns = false
  private preparingStep: string | undefined = undefined
  private readonly tests: Work = { done: 0, total: undefined, firstDoneAt: undefined }
  private readonly types: Work = { done: 0, total: undefined, firstDoneAt: undefined }
  private typecheckCurrent: string | undefined = undefined
  /** Test files on a worker, by label, in the order the labels first started. */
  private readonly running = new Map<string, number>()

  constructor(
    /** Where it shows: a status line (status-line.ts), or anything with the same methods. */
    private readonly out: { start(): void; changed(): void; line(text: string): void },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now()
  }

  snapshot(): ProgressSnapshot {
    const now = this.now()
    return {
      elapsed: (now - this.startedAt) / 1000,
      steps: { done: this.judged, total: this.steps.length },
      preparing: this.launchedRuns ? undefined : { step: this.preparingStep },
      testFiles: this.tests.total === undefined ? undefined : { done: this.tests.done, total: this.tests.total },
      typecheck:
        this.types.total === undefined || this.types.total === 0
          ? undefined
          : { done: this.types.done, total: this.types.total, current: this.typecheckCurrent },
      running: [...this.running.keys()],
      left: estimateLeft([this.tests, this.types], now),
    }
  }

  /** The status line's text now. */
  status(): string {
    return formatStatus(this.snapshot())
  }

  started(steps: string[]): void {
    this.steps = steps
    this.out.line(`Validating ${steps.length} step${steps.length === 1 ? '' : 's'}: ${steps.join(' ')}`)
    this.out.start()
  }

  preparing(stepId: string): void {
    this.preparingStep = stepId
    this.out.changed()
  }

  launched({ typechecks, typechecking }: { apps: number; typechecks: number; typechecking: string | undefined }): void {
    this.launchedRuns = true
    this.types.total = typechecks
    this.typecheckCurrent = typechecking
    this.out.changed()
  }

  testsPlanned(files: number): void {
    this.tests.total = files
    this.out.changed()
  }

  testFileStarted(label: string): void {
    this.running.set(label, (this.running.get(label) ?? 0) + 1)
    this.out.changed()
  }

  testFileFinished(label: string): void {
    this.finishedOne(this.tests)
    const count = (this.running.get(label) ?? 1) - 1
    if (count > 0) this.running.set(label, count)
    else this.running.delete(label)
    this.out.changed()
  }

  typechecked(_label: string, next: string | undefined): void {
    this.finishedOne(this.types)
    this.typecheckCurrent = next
    this.out.changed()
  }

  private finishedOne(work: Work): void {
    work.done++
    if (work.done === 1) work.firstDoneAt = this.now()
  }

  stepJudged(report: StepReport): void {
    this.judged++
    const elapsed = (this.now() - this.startedAt) / 1000
    for (const line of formatStepDone(report, elapsed, this.judged, this.steps.length)) this.out.line(line)
  }
}
