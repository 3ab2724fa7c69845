/**
 * What a learner reads after a test run, in a terminal and in the workshop app's
 * Tests tab: Vitest's own report, then a short summary that puts this step first.
 *
 * - As soon as this step's practice files have finished (they start first, see
 *   step-sequencer.ts), one block says how they did, with each failing test's name
 *   and its 🚨 line, while the rest of the run goes on.
 * - The run ends with a summary by kind of test: this step's practice tests, earlier
 *   steps' (a failure there is a regression), the contract, the rest; and which
 *   skipped tests need a real server, and the variable that enables them.
 * - What the app wrote to stderr during a failing test (`console.error`, `console.warn`:
 *   an error's stack, a retry given up) is shown under that test's 🚨 line, its last
 *   few lines only, and its `console.log` lines are counted, not shown: a race of 50
 *   requests logs 50 lines of chatter, and the 🚨 line must not drown in them.
 *
 * Set in each app's vitest.config.ts as `reporters: [new StepReporter()]`.
 */
import { performance } from 'node:perf_hooks'
import type { UserConsoleLog } from 'vitest'
import type { SerializedError, TestCase, TestModule, TestResult, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node'
import { DefaultReporter } from 'vitest/node'
import { practiceStep, stepFiles, type FileRole, type StepFiles } from './step-files.js'

/** How many failures a section lists before it says how many more there are. */
const LISTED_FAILURES = 8
/** How many of the app's last lines are shown under a failing test. */
const APP_OUTPUT_LINES = 5
const MESSAGE_LINES = 4
const LINE_WIDTH = 240
/**
 * The width the summary wraps at when it is not on a terminal: what the workshop app's
 * Tests tab shows without scrolling sideways, beside the instructions, on a laptop.
 */
const DEFAULT_WIDTH = 64

const roles: { role: FileRole; title: (step: string | undefined, earlier: string) => string; failed: string }[] = [
  { role: 'this step', title: (step) => `This step${step ? ` (${step})` : ''}`, failed: '' },
  { role: 'earlier steps', title: (_step, earlier) => `Earlier steps${earlier}`, failed: 'a regression: this step broke what an earlier one built' },
  { role: 'contract', title: () => 'Contract (tests/contract)', failed: 'the API no longer honours its contract for clients' },
  { role: 'other', title: () => 'Other tests', failed: '' },
]

export interface Failure {
  name: string
  /** The error's lines worth reading first: from its 🚨 line when it has one. */
  message: string[]
  /** The app's last lines on stderr during the test, how many there were, and how many lines it logged to stdout. */
  output: { last: string[]; total: number; logged: number }
}

export interface Section {
  role: FileRole
  title: string
  passed: number
  failed: number
  skipped: number
  failures: Failure[]
}

/** The lines of an error message a learner should read: from the 🚨 line, a few, none too long. */
export function messageLines(message: string): string[] {
  const lines = message.split('\n').map((line) => line.trimEnd())
  const alarm = lines.findIndex((line) => line.includes('🚨'))
  const from = alarm === -1 ? lines.findIndex((line) => line.trim() !== '') : alarm
  const kept: string[] = []
  for (const line of lines.slice(Math.max(from, 0))) {
    if (line.trim() === '' && kept.length > 0) break
    kept.push(line.length > LINE_WIDTH ? `${line.slice(0, LINE_WIDTH - 1)}…` : line)
    if (kept.length === MESSAGE_LINES) break
  }
  return kept
}

function errorLines(errors: readonly SerializedError[]): string[] {
  const first = errors[0]
  if (!first) return []
  const text = first.message || first.name || String(first)
  const lines = messageLines(first.name && first.name !== 'AssertionError' && !text.startsWith(first.name) ? `${first.name}: ${text}` : text)
  return errors.length > 1 ? [...lines, `(and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})`] : lines
}

/** The variables the names of skipped tests ask for (DATABASE_URL_PG, REDIS_URL), in order of first mention. */
export function variablesAskedFor(names: readonly string[]): string[] {
  const found = new Set<string>()
  for (const name of names) for (const match of name.matchAll(/\b(DATABASE_URL_PG|REDIS_URL)\b/g)) found.add(match[1]!)
  return [...found]
}

function counts(section: Section): string {
  const parts = [
    section.failed ? `${section.failed} failed` : '',
    section.passed ? `${section.passed} passed` : '',
    section.skipped ? `${section.skipped} skipped` : '',
  ].filter(Boolean)
  return parts.length ? parts.join(' | ') : 'no tests'
}

type Paint = (text: string) => string

export interface Palette {
  red: Paint
  green: Paint
  yellow: Paint
  dim: Paint
  bold: Paint
}

const plain: Paint = (text) => text

/** Colours when the output is a colour terminal (or FORCE_COLOR asks), as Vitest decides its own. */
export function palette(colour: boolean): Palette {
  const sgr = (open: number, close: number): Paint => (colour ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : plain)
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) }
}

/**
 * Breaks `text` into lines of at most `width` characters (at spaces where it can), the
 * first after `first`, the rest after `rest`: the Tests tab does not wrap long lines,
 * and a 🚨 line cut off at the panel's edge is a 🚨 line nobody reads.
 */
export function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = []
  let left = text
  let prefix = first
  while (left.length > 0) {
    const room = Math.max(width - prefix.length, 20)
    if (left.length <= room) {
      lines.push(prefix + left)
      break
    }
    const space = left.lastIndexOf(' ', room)
    const cut = space > room / 2 ? space : room
    lines.push(prefix + left.slice(0, cut).trimEnd())
    left = left.slice(cut).trimStart()
    prefix = rest
  }
  return lines.length ? lines : [first]
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(width - 1, 1))}…` : text
}

/** One section's lines: its verdict and counts, then each listed failure with its 🚨 line and the app's output. */
export function formatSection(section: Section, paint: Palette, width = DEFAULT_WIDTH, indent = '   '): string[] {
  const mark = section.failed ? paint.red('×') : section.passed ? paint.green('✓') : paint.yellow('-')
  const lines = [`${indent}${mark} ${paint.bold(section.title)}: ${counts(section)}`]
  const why = roles.find((role) => role.role === section.role)?.failed
  if (section.failed && why) lines.push(...wrap(why, width, `${indent}    `, `${indent}    `).map(paint.dim))
  const detail = `${indent}      `
  for (const failure of section.failures.slice(0, LISTED_FAILURES)) {
    lines.push(...wrap(failure.name, width, `${indent}    ${paint.red('×')} `, detail))
    for (const line of failure.message) {
      for (const part of wrap(line, width, detail, `${detail}  `)) lines.push(line.includes('🚨') ? part : paint.red(part))
    }
    const { last, total, logged } = failure.output
    if (total > 0) {
      const of = total > last.length ? `last ${last.length} of ${total} lines` : `${total} line${total > 1 ? 's' : ''}`
      lines.push(`${detail}${paint.dim(`the app's errors and warnings (${of}):`)}`)
      for (const line of last) lines.push(`${detail}${paint.dim('│')} ${truncate(line, width - detail.length - 2)}`)
    }
    if (logged > 0) lines.push(`${detail}${paint.dim(`(${logged} line${logged > 1 ? 's' : ''} of console.log not shown)`)}`)
  }
  const more = section.failures.length - LISTED_FAILURES
  if (more > 0) lines.push(`${indent}    ${paint.dim(`… and ${more} more failing test${more > 1 ? 's' : ''}: see the report above`)}`)
  return lines
}

export class StepReporter extends DefaultReporter {
  private runStarted = performance.now()
  private files: StepFiles | undefined
  private ownPending = new Set<string>()
  private deferred: TestModule[] = []
  /** What the app printed during each failing test, by test id and stream. */
  private output = new Map<string, { stdout: string[]; stderr: string[] }>()
  private paint: Palette = palette(false)
  private width = DEFAULT_WIDTH

  override onInit(ctx: Vitest): void {
    super.onInit(ctx)
    const stream = ctx.logger.outputStream as NodeJS.WriteStream
    const forced = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0'
    this.paint = palette(!process.env.NO_COLOR && (forced || Boolean(stream.isTTY)))
    if (stream.isTTY && stream.columns) this.width = Math.min(Math.max(stream.columns, 60), 120)
  }

  override onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    super.onTestRunStart(specifications)
    this.runStarted = performance.now()
    this.output.clear()
    this.deferred = []
    const root = this.ctx.config.root
    this.files = stepFiles(root, specifications.map((spec) => spec.moduleId))
    this.ownPending = new Set(specifications.map((spec) => spec.moduleId).filter((id) => this.files!.roleOf(id) === 'this step'))
  }

  override onUserConsoleLog(log: UserConsoleLog, taskState?: TestResult['state']): void {
    // With `silent: 'passed-only'`, Vitest hands over a failing test's output once the
    // test has failed; keep it for the summary instead of printing it mid-report.
    if (taskState === 'failed' && log.taskId) {
      const printed = this.output.get(log.taskId) ?? { stdout: [], stderr: [] }
      printed[log.type].push(...log.content.replace(/\n$/, '').split('\n'))
      this.output.set(log.taskId, printed)
      return
    }
    super.onUserConsoleLog(log, taskState)
  }

  override onTestModuleEnd(testModule: TestModule): void {
    // Files that end while this step's are still running are reported after them, so
    // this step's result is the first a learner reads.
    if (this.ownPending.size > 0 && !this.ownPending.has(testModule.moduleId)) {
      this.deferred.push(testModule)
      return
    }
    super.onTestModuleEnd(testModule)
    if (!this.ownPending.delete(testModule.moduleId) || this.ownPending.size > 0) return
    this.reportOwn()
    this.flushDeferred()
  }

  private flushDeferred(): void {
    const deferred = this.deferred.splice(0)
    for (const module of deferred) super.onTestModuleEnd(module)
  }

  private reportOwn(): void {
    const modules = [...this.ctx.state.getTestModules()].filter((module) => this.files?.roleOf(module.moduleId) === 'this step')
    const section = this.section('this step', modules)
    const seconds = ((performance.now() - this.runStarted) / 1000).toFixed(1)
    this.log('')
    this.log(` ${this.paint.bold(`Step ${this.files?.step ?? ''}`)}${this.paint.dim(`, its own practice tests (${seconds} s; the rest still runs):`)}`)
    for (const line of formatSection({ ...section, title: 'This step' }, this.paint, this.width)) this.log(line)
    this.log('')
  }

  override onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    // This step's files ended without a result (a run cut short): report the rest anyway.
    this.ownPending.clear()
    this.flushDeferred()
    super.onTestRunEnd(testModules, unhandledErrors, reason)
    const sections = roles
      .map(({ role }) => this.section(role, testModules.filter((module) => this.files?.roleOf(module.moduleId) === role)))
      .filter((section) => section.passed + section.failed + section.skipped > 0)
    if (sections.length === 0) return
    this.log('')
    this.log(` ${this.paint.bold('Summary')}${this.paint.dim(`, this step first (${this.files?.step ?? 'no step'}):`)}`)
    for (const section of sections) for (const line of formatSection(section, this.paint, this.width)) this.log(line)
    const skippedNames = testModules.flatMap((module) =>
      [...module.children.allTests()].filter((test) => test.result().state === 'skipped').map((test) => test.fullName),
    )
    const variables = variablesAskedFor(skippedNames)
    if (variables.length > 0) {
      const needing = skippedNames.filter((name) => variablesAskedFor([name]).length > 0).length
      const text = `${needing} skipped test${needing > 1 ? 's' : ''} need${needing > 1 ? '' : 's'} a real server: set ${variables.join(' and ')} to run them (README, "Real services").`
      for (const line of wrap(text, this.width, '   ', '   ')) this.log(this.paint.yellow(line))
    }
    if (unhandledErrors.length > 0) this.log(this.paint.red(`   × ${unhandledErrors.length} error(s) outside any test: see the report above`))
    this.log('')
  }

  private section(role: FileRole, modules: readonly TestModule[]): Section {
    const earlier = this.earlierRange(modules)
    const title = roles.find((r) => r.role === role)!.title(this.files?.step, earlier)
    const section: Section = { role, title, passed: 0, failed: 0, skipped: 0, failures: [] }
    for (const module of modules) {
      const moduleErrors = module.errors()
      if (moduleErrors.length > 0) {
        // The file itself failed (an import that does not exist yet, a hook that threw).
        section.failed += 1
        section.failures.push({ name: module.relativeModuleId, message: errorLines(moduleErrors), output: { last: [], total: 0, logged: 0 } })
      }
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') section.passed += 1
        else if (state === 'skipped' || state === 'pending') section.skipped += 1
        else {
          section.failed += 1
          section.failures.push(this.failure(test))
        }
      }
    }
    return section
  }

  private failure(test: TestCase): Failure {
    const { stdout, stderr } = this.output.get(test.id) ?? { stdout: [], stderr: [] }
    const result = test.result()
    return {
      name: test.fullName,
      message: errorLines(result.state === 'failed' ? result.errors : []),
      output: { last: stderr.slice(-APP_OUTPUT_LINES), total: stderr.length, logged: stdout.length },
    }
  }

  private earlierRange(modules: readonly TestModule[]): string {
    const steps = modules
      .map((module) => practiceStep(module.moduleId))
      .filter((step): step is string => step !== undefined)
      .sort()
    if (steps.length === 0) return ''
    return steps.length === 1 ? ` (${steps[0]})` : ` (${steps[0]}–${steps.at(-1)})`
  }
}

/** Vitest loads a reporter named by its path from the module's default export. */
export default StepReporter
