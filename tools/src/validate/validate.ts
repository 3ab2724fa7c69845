/**
 * Validation: runs every app's tests (and each counterfeit's practice tests) in
 * one Vitest process and typechecks them in one child process, then judges each
 * step. Formatting is report.ts's job; the rules are judge.ts's and checks.ts's.
 */
import fs from 'node:fs'
import path from 'node:path'
import { listAuthoredFiles, practiceFiles } from '../app-files.js'
import { applyCounterfeit, copyProblem, listCounterfeits, scratchRoot, type Counterfeit } from '../counterfeits/counterfeits.js'
import { isRunning } from '../processes.js'
import { runTypeScriptJson } from '../typescript-child.js'
import { readSteps, type Step } from '../workshop.js'
import { checkContinuity, checkReadmes, checkTestsIdentical, testsImpliedByPrevious } from './checks.js'
import { judgeCounterfeit, judgeProblem, judgeSolution, type Finding, type ProblemCounts, type SolutionCounts } from './judge.js'
import { runAppTests, type AppRun } from './run-tests.js'
import type { TypecheckRequest, TypecheckResult } from './typecheck.js'

/** Every step keeps at least this many counterfeits (tools/counterfeits/README.md). */
export const MIN_COUNTERFEITS = 2

export interface CounterfeitReport {
  name: string
  summary: string
  caught: boolean
  /** The practice tests that failed with it applied. */
  caughtBy: string[]
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
}

function stepName(step: Step): string {
  const dir = step.problemDir ?? step.solutionDir ?? step.moduleDir
  return path.basename(dir).replace(/^\d+\.(problem|solution)\./, '')
}

function typecheckInChild(requests: TypecheckRequest[]): Promise<TypecheckResult[]> {
  if (requests.length === 0) return Promise.resolve([])
  return runTypeScriptJson<TypecheckResult[]>(path.join(import.meta.dirname, 'typecheck.ts'), requests)
}

interface PreparedCounterfeit {
  counterfeit: Counterfeit
  /** The copy of the problem with the counterfeit applied; undefined when it did not apply. */
  dir: string | undefined
  error: string | undefined
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

/** Copies of each step's problem with one counterfeit applied. */
function prepareCounterfeits(runDir: string, root: string, steps: Step[]): Map<string, PreparedCounterfeit[]> {
  fs.rmSync(runDir, { recursive: true, force: true })
  const prepared = new Map<string, PreparedCounterfeit[]>()
  for (const step of steps) {
    if (!step.problemDir) continue
    const problemDir = step.problemDir
    prepared.set(
      step.id,
      listCounterfeits(root, step.id).map((counterfeit) => {
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
      }),
    )
  }
  return prepared
}

export async function validate(options: ValidationOptions): Promise<StepReport[]> {
  const all = readSteps(options.root)
  const selected = all.filter((step) => options.only.length === 0 || options.only.some((id) => step.id.startsWith(id)))
  const runDir = counterfeitRunDir(options.root)
  const counterfeits = prepareCounterfeits(runDir, options.root, selected)
  const counterfeitDirs = [...counterfeits.values()].flat().flatMap((c) => (c.dir ? [c.dir] : []))

  // A problem runs only the test files whose outcome the previous solution's run does
  // not already give (checks.ts testsImpliedByPrevious).
  const implied = new Map<string, { previous: Step; files: Set<string> }>()
  for (const step of selected) {
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
  const apps: AppRun[] = [
    ...selected.flatMap((step) => [
      ...(step.problemDir ? [{ dir: step.problemDir, only: toRun(step.problemDir, step.id) }] : []),
      ...(step.solutionDir ? [{ dir: step.solutionDir }] : []),
    ]),
    // A counterfeit needs only the step's practice tests to fail: the rest is not run.
    ...[...counterfeits].flatMap(([stepId, prepared]) =>
      prepared.flatMap(({ dir }) =>
        dir ? [{ dir, only: practiceFiles(dir, stepId), stopAtFirstFailure: !options.everyCatch }] : [],
      ),
    ),
  ]
  const requests: TypecheckRequest[] = [
    ...selected.flatMap((step) => [
      ...(step.solutionDir ? [{ appDir: step.solutionDir, scope: 'all' as const }] : []),
      ...(step.problemDir ? [{ appDir: step.problemDir, scope: 'app-code' as const }] : []),
    ]),
    ...counterfeitDirs.map((appDir) => ({ appDir, scope: 'app-code' as const })),
  ]
  const cacheDir = path.join(options.root, 'node_modules', '.cache', 'production-express')
  const [typechecks, tests] = await Promise.all([typecheckInChild(requests), runAppTests(apps, cacheDir)]).finally(() =>
    fs.rmSync(runDir, { recursive: true, force: true }),
  )
  const typeErrors = new Map(typechecks.map((result) => [result.appDir, result.errors]))

  return selected.map((step) => {
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
    const counterfeitReports = kept.map(({ counterfeit, dir, error }): CounterfeitReport => {
      const label = `${counterfeit.name} (tools/counterfeits/${step.id}/${counterfeit.name}.patch: ${counterfeit.summary})`
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
  })
}
