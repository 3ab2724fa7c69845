/**
 * Validation: runs every app's tests (and each counterfeit's practice tests) in
 * one Vitest process and typechecks them in one child process, and judges each
 * step as soon as everything it needs has finished. Formatting is report.ts's job
 * (progress.ts's while it runs); the rules are judge.ts's and checks.ts's.
 */
import fs from 'node:fs'
import path from 'node:path'
import { listAuthoredFiles, practiceFiles } from '../app-files.js'
import { applyCounterfeit, copyProblem, listCounterfeits, scratchRoot, type Counterfeit } from '../counterfeits/counterfeits.js'
import { isRunning } from '../processes.js'
import { readSteps, type Step } from '../workshop.js'
import { checkContinuity, checkReadmes, checkTestsIdentical, testsImpliedByPrevious } from './checks.js'
import { judgeCounterfeit, judgeProblem, judgeSolution, type Finding, type ProblemCounts, type SolutionCounts } from './judge.js'
import { runAppTests, type AppRun, type AppTestResult } from './run-tests.js'
import { typecheckInChild, type TypecheckRequest } from './typecheck.js'

/** Every step keeps at least this many counterfeits (tools/counterfeits/README.md). */
export const MIN_COUNTERFEITS = 2

export interface CounterfeitReport {
  name: string
  summary: string
  caught: boolean
  /** The practice tests that failed with it applied. */
  caughtBy: string[]
  /** Why it was not run (`needs REDIS_URL`): the tests that catch it need a server that is not set. */
  notRun?: string
}

export interface StepReport {
  id: string
  name: string
  typeErrors: number
  solution: SolutionCounts | undefined
  problem: ProblemCounts | undefined
  fileIssues: number
  /**
   * Set when some of the problem's tests were not run again, because the previous
   * solution's run implies them (checks.ts testsImpliedByPrevious): how many, from where.
   */
  impliedBy: string | undefined
  /** The step whose solution this problem continues, and how many differences there are. */
  continuity: { previous: string; differences: number } | 'first step' | 'no previous solution'
  counterfeits: CounterfeitReport[]
  findings: Finding[]
}

export interface ValidationOptions {
  root: string
  /** Only steps whose id starts with one of these ("02", "02.03"); all when empty. */
  only: string[]
  /**
   * Run every practice test against each counterfeit, to list all that catch it;
   * otherwise a counterfeit's run stops at its first failing test.
   */
  everyCatch?: boolean
  /** Told what happens while validation runs (progress.ts shows it). */
  events?: ValidationEvents
}

/**
 * What validation tells while it runs. Work is named by label: `02.03 problem`,
 * `02.03 solution`, `02.03 counterfeit hard-coded-not-found`.
 */
export interface ValidationEvents {
  /** Before anything else: the ids of the steps to validate. */
  started?(steps: string[]): void
  /** Preparing a step: its counterfeit copies, and which of its tests the previous run implies. */
  preparing?(stepId: string): void
  /** Preparation is done: the test run and the typecheck start (with the app it checks first). */
  launched?(work: { apps: number; typechecks: number; typechecking: string | undefined }): void
  /** Vitest has listed its test files: how many in all. */
  testsPlanned?(files: number): void
  testFileStarted?(label: string): void
  testFileFinished?(label: string): void
  /** One app typechecked: its label, and the label of the one now being checked. */
  typechecked?(label: string, next: string | undefined): void
  /** A step's verdict, as soon as everything it needs has finished. */
  stepJudged?(report: StepReport): void
}

function stepName(step: Step): string {
  const dir = step.problemDir ?? step.solutionDir ?? step.moduleDir
  return path.basename(dir).replace(/^\d+\.(problem|solution)\./, '')
}

interface PreparedCounterfeit {
  counterfeit: Counterfeit
  /** The copy of the problem with the counterfeit applied; undefined when it did not apply. */
  dir: string | undefined
  error: string | undefined
  /** Set when it was not run: the variables its tests need are not set. */
  notRun?: string
}

/**
 * This run's folder for counterfeit copies: one per validator process, so two runs
 * at once never delete each other's copies; folders of runs that ended are removed.
 */
function counterfeitRunDir(root: string): string {
  const runs = path.join(scratchRoot(root), 'run')
  if (fs.existsSync(runs)) {
    for (const name of fs.readdirSync(runs)) {
      if (!/^\d+$/.test(name) || !isRunning(Number(name))) fs.rmSync(path.join(runs, name), { recursive: true, force: true })
    }
  }
  return path.join(runs, String(process.pid))
}

/** Copies of a step's problem, each with one of its counterfeits applied. */
function prepareCounterfeits(runDir: string, root: string, step: Step): PreparedCounterfeit[] {
  if (!step.problemDir) return []
  const problemDir = step.problemDir
  return listCounterfeits(root, step.id).map((counterfeit) => {
    const missing = counterfeit.needs.filter((variable) => !process.env[variable])
    if (missing.length > 0) return { counterfeit, dir: undefined, error: undefined, notRun: `needs ${missing.join(' and ')}` }
    const dir = path.join(runDir, `${step.id}-${counterfeit.name}`)
    copyProblem(problemDir, dir, `counterfeit-${step.id}-${counterfeit.name}`)
    try {
      const changed = applyCounterfeit(fs.readFileSync(counterfeit.file, 'utf8'), dir)
      const tests = changed.filter((file) => file.startsWith('tests/'))
      if (tests.length > 0) {
        return { counterfeit, dir: undefined, error: `it changes ${tests.join(', ')}: a counterfeit changes the app, never its tests` }
      }
      return { counterfeit, dir, error: undefined }
    } catch (error) {
      return { counterfeit, dir: undefined, error: (error as Error).message }
    }
  })
}

export async function validate(options: ValidationOptions): Promise<StepReport[]> {
  const events = options.events ?? {}
  const all = readSteps(options.root)
  const selected = all.filter((step) => options.only.length === 0 || options.only.some((id) => step.id.startsWith(id)))
  events.started?.(selected.map((step) => step.id))
  const runDir = counterfeitRunDir(options.root)
  fs.rmSync(runDir, { recursive: true, force: true })
  const counterfeits = new Map<string, PreparedCounterfeit[]>()

  // A problem runs only the test files whose outcome the previous solution's run does
  // not already give (checks.ts testsImpliedByPrevious).
  const implied = new Map<string, { previous: Step; files: Set<string> }>()
  for (const step of selected) {
    events.preparing?.(step.id)
    if (step.problemDir) counterfeits.set(step.id, prepareCounterfeits(runDir, options.root, step))
    const index = all.indexOf(step)
    const previous = index > 0 ? all[index - 1] : undefined
    if (step.problemDir && previous?.solutionDir && selected.includes(previous)) {
      const files = testsImpliedByPrevious(step.problemDir, previous.solutionDir, step.id, step.solutionDir)
      if (files.length > 0) implied.set(step.id, { previous, files: new Set(files) })
    }
  }
  const toRun = (problemDir: string, stepId: string): string[] | undefined => {
    const skipped = implied.get(stepId)?.files
    if (!skipped) return undefined
    return listAuthoredFiles(problemDir).filter((file) => file.endsWith('.test.ts') && !skipped.has(file))
  }

  // Apps run, and are typechecked, step by step (problem, solution, counterfeits), so
  // the first steps' verdicts come while the rest runs. A counterfeit needs only the
  // step's practice tests to fail: the rest is not run.
  const labels = new Map<string, string>()
  const apps: AppRun[] = []
  const requests: TypecheckRequest[] = []
  for (const step of selected) {
    if (step.problemDir) {
      labels.set(step.problemDir, `${step.id} problem`)
      apps.push({ dir: step.problemDir, only: toRun(step.problemDir, step.id) })
    }
    if (step.solutionDir) {
      labels.set(step.solutionDir, `${step.id} solution`)
      apps.push({ dir: step.solutionDir })
      requests.push({ appDir: step.solutionDir, scope: 'all' })
    }
    if (step.problemDir) requests.push({ appDir: step.problemDir, scope: 'app-code' })
    for (const { counterfeit, dir } of counterfeits.get(step.id) ?? []) {
      if (!dir) continue
      labels.set(dir, `${step.id} counterfeit ${counterfeit.name}`)
      apps.push({ dir, only: practiceFiles(dir, step.id), stopAtFirstFailure: !options.everyCatch })
      requests.push({ appDir: dir, scope: 'app-code' })
    }
  }
  const label = (dir: string): string => labels.get(dir) ?? path.basename(dir)

  // Each step is judged once everything it needs has finished: the tests and the
  // typecheck of its apps and counterfeits, and the previous solution's tests when
  // its problem takes some from there.
  const tests = new Map<string, AppTestResult>()
  const typeErrors = new Map<string, string[]>()
  const reports = new Map<string, StepReport>()
  const judge = (step: Step): StepReport => judgeStep(step, all, { implied, counterfeits, tests, typeErrors })
  const ready = (step: Step): boolean => {
    const own = [step.problemDir, step.solutionDir, ...(counterfeits.get(step.id) ?? []).map((c) => c.dir)]
    const dirs = own.filter((dir): dir is string => dir !== undefined)
    const previous = implied.get(step.id)?.previous.solutionDir
    return dirs.every((dir) => tests.has(dir) && typeErrors.has(dir)) && (!previous || tests.has(previous))
  }
  // Called from the runs' callbacks: an error there is kept, and thrown once both have ended.
  let judgingError: unknown = undefined
  const judgeReady = (): void => {
    if (judgingError !== undefined) return
    try {
      for (const step of selected) {
        if (reports.has(step.id) || !ready(step)) continue
        const report = judge(step)
        reports.set(step.id, report)
        events.stepJudged?.(report)
      }
    } catch (error) {
      judgingError = error
    }
  }

  events.launched?.({
    apps: apps.length,
    typechecks: requests.length,
    typechecking: requests[0] ? label(requests[0].appDir) : undefined,
  })
  const cacheDir = path.join(options.root, 'node_modules', '.cache', 'production-express')
  let checked = 0
  const typechecking = typecheckInChild(requests, (result) => {
    typeErrors.set(result.appDir, result.errors)
    checked++
    const next = requests[checked]
    events.typechecked?.(label(result.appDir), next ? label(next.appDir) : undefined)
    judgeReady()
  })
  const testing = runAppTests(apps, cacheDir, {
    planned: (files) => events.testsPlanned?.(files),
    fileStarted: (dir) => events.testFileStarted?.(label(dir)),
    fileFinished: (dir) => events.testFileFinished?.(label(dir)),
    appFinished: (dir, result) => {
      tests.set(dir, result)
      judgeReady()
    },
  })
  const [typechecks, results] = await Promise.all([typechecking, testing]).finally(() =>
    fs.rmSync(runDir, { recursive: true, force: true }),
  )
  if (judgingError !== undefined) throw judgingError
  // Whatever was not reported on the way (an app the run never listed) is known now.
  for (const result of typechecks) if (!typeErrors.has(result.appDir)) typeErrors.set(result.appDir, result.errors)
  for (const [dir, result] of results) if (!tests.has(dir)) tests.set(dir, result)
  return selected.map((step) => {
    let report = reports.get(step.id)
    if (!report) {
      report = judge(step)
      events.stepJudged?.(report)
    }
    return report
  })
}

interface Results {
  implied: Map<string, { previous: Step; files: Set<string> }>
  counterfeits: Map<string, PreparedCounterfeit[]>
  tests: Map<string, AppTestResult>
  typeErrors: Map<string, string[]>
}

/** A step's report, from the results of its apps (and of the previous solution's run). */
function judgeStep(step: Step, all: Step[], { implied, counterfeits, tests, typeErrors }: Results): StepReport {
  const findings: Finding[] = []

  let typeErrorCount = 0
  for (const [label, dir] of [['solution', step.solutionDir], ['problem', step.problemDir]] as const) {
    if (!dir) continue
    const errors = typeErrors.get(dir) ?? []
    typeErrorCount += errors.length
    for (const error of errors.slice(0, 5)) findings.push(`${label} typecheck: ${error}`)
    if (errors.length > 5) findings.push(`${label} typecheck: … and ${errors.length - 5} more errors`)
  }

  const solution = step.solutionDir ? judgeSolution(tests.get(step.solutionDir), findings) : undefined
  const problem = step.problemDir ? judgeProblem(tests.get(step.problemDir), step.id, findings) : undefined
  const impliedBy = implied.get(step.id)
  if (problem && impliedBy?.previous.solutionDir) {
    // The files not run again count as the previous solution's run of them went;
    // a failure there is reported in that step's row.
    for (const file of tests.get(impliedBy.previous.solutionDir)?.files ?? []) {
      if (!impliedBy.files.has(file.file)) continue
      problem.otherPassed += file.passed.length
      problem.otherTotal += file.passed.length + file.failed.length
    }
  }

  const fileFindings = [...checkReadmes(step)]
  if (step.problemDir && step.solutionDir) {
    fileFindings.push(...checkTestsIdentical(step.problemDir, step.solutionDir))
    if (practiceFiles(step.solutionDir, step.id).length === 0) {
      fileFindings.push(`no practice test file tests/${step.id}.*.test.ts`)
    }
  }
  findings.push(...fileFindings)

  let continuity: StepReport['continuity'] = 'first step'
  const index = all.indexOf(step)
  const previous = index > 0 ? all[index - 1] : undefined
  if (previous && step.problemDir) {
    if (!previous.solutionDir) continuity = 'no previous solution'
    else {
      const gaps = checkContinuity(step.problemDir, previous.solutionDir, step.id, step.solutionDir)
      continuity = { previous: previous.id, differences: gaps.length }
      findings.push(...gaps.map((gap) => `continuity with ${previous.id} solution: ${gap}`))
    }
  }

  const kept = counterfeits.get(step.id) ?? []
  if (step.problemDir && kept.length < MIN_COUNTERFEITS) {
    findings.push(
      `${kept.length} counterfeit(s) in tools/counterfeits/${step.id}/: keep at least ${MIN_COUNTERFEITS} ` +
        '(the cheapest fakes of the practice; see tools/counterfeits/README.md)',
    )
  }
  const counterfeitReports = kept.map(({ counterfeit, dir, error, notRun }): CounterfeitReport => {
    const label = `${counterfeit.name} (tools/counterfeits/${step.id}/${counterfeit.name}.patch: ${counterfeit.summary})`
    if (notRun) return { name: counterfeit.name, summary: counterfeit.summary, caught: false, caughtBy: [], notRun }
    if (!dir) {
      findings.push(`counterfeit ${label} could not be used: ${error}`)
      return { name: counterfeit.name, summary: counterfeit.summary, caught: false, caughtBy: [] }
    }
    const errors = typeErrors.get(dir) ?? []
    if (errors.length > 0) {
      findings.push(`counterfeit ${label} does not typecheck (a counterfeit must be code a learner could hand in): ${errors[0]}`)
    }
    const verdict = judgeCounterfeit(tests.get(dir), step.id, label, findings)
    return { name: counterfeit.name, summary: counterfeit.summary, caught: verdict.caught, caughtBy: verdict.by }
  })

  return {
    id: step.id,
    name: stepName(step),
    typeErrors: typeErrorCount,
    solution,
    problem,
    impliedBy: impliedBy ? `${impliedBy.files.size} files from ${impliedBy.previous.id}` : undefined,
    fileIssues: fileFindings.length,
    continuity,
    counterfeits: counterfeitReports,
    findings,
  }
}
