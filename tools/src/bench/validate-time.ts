/**
 * npm run bench:validate -- [step or module …] [--runs N] [--no-per-app]
 * Times full validation (`npm test`: every app, counterfeits and typecheck in one
 * Vitest process and one typechecking process) against running each app's own
 * `vitest run` one after another, in turns, on the same steps in the same call,
 * and prints both, the seconds per step and the ratio. Targets (DESIGN.md
 * "Budgets"): ≤ 10 s per step on 2 cores, and at least 3× faster than one process per app.
 *
 * From the seconds per step it also projects the CI run (`.ci/run`) for the whole
 * curriculum against its 45 min budget (projectCi, below). Figures only: it never fails on them.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { typescriptArgs } from '../typescript-child.js'
import { findWorkshopRoot, readSteps } from '../workshop.js'
import { median, spread, timeNode, timeVitestRun } from './timing.js'

/** The full curriculum's steps. */
export const CURRICULUM_STEPS = 38
/** What a whole `.ci/run` may take. */
export const CI_TARGET_MINUTES = 45

/**
 * The stages of `.ci/run` that do not grow with the steps, in seconds, from the last
 * CI run (19 steps, 18.6 min in all; npm test took 449 s on Node 20 and 361 s on
 * Node 26). npm install does grow a little with the apps it links; it is taken as it was.
 */
export const CI_FIXED_STAGES: Readonly<Record<string, number>> = {
  'npm install (node 20)': 63,
  'npm install (node 26)': 32,
  'browser (node 20)': 79,
  'browser (node 26)': 46,
  lint: 23,
  'typecheck (tools)': 3,
  "tools' own tests": 53,
  // What is left of the 18.6 min (1116 s) once the stages above and both npm tests are
  // counted: PostgreSQL and Redis, Node 26 from the registry, the clean clone.
  'services, node 26, clone': 7,
}

/** npm test in the last CI run, for comparison: seconds on each Node, and the steps it validated. */
export const LAST_CI_NPM_TEST = { steps: 19, node20: 449, node26: 361 } as const

/**
 * The steps of each module of the full curriculum (DESIGN.md "Curriculum"), for where
 * each module's last step falls: CI's smaller path on Node 20 validates those.
 */
export const CURRICULUM_MODULE_STEPS: readonly number[] = [3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 3, 4]

/** The positions (1-based) of each module's last step in the curriculum. */
export function lastStepsOfModules(moduleSteps: readonly number[] = CURRICULUM_MODULE_STEPS): number[] {
  let position = 0
  return moduleSteps.map((count) => (position += count))
}

export interface CiProjectionInput {
  /** npm test's wall time here / the steps it validated. */
  secondsPerStep: number
  /** Steps of the curriculum (default CURRICULUM_STEPS). */
  steps?: number
  /**
   * The share of the full npm test that Node 20 runs (default 1, every step). .ci/run
   * validates every step on Node 26 and the last step of each module on Node 20.
   */
  node20Share?: number
  /** Default CI_FIXED_STAGES. */
  fixed?: Readonly<Record<string, number>>
  /** Default CI_TARGET_MINUTES. */
  targetMinutes?: number
}

export interface CiProjection {
  steps: number
  node20Share: number
  /** Seconds. */
  npmTestNode20: number
  npmTestNode26: number
  fixed: number
  total: number
  target: number
  /** target − total: negative when over budget. */
  spare: number
}

/**
 * .ci/run for the curriculum: its fixed stages, plus npm test at the measured seconds
 * per step for every step on Node 26 and for its share on Node 20. Both Nodes are
 * given the measured pace (Node 26 was 20 % faster in the last CI run: the projection
 * errs long).
 */
export function projectCi(input: CiProjectionInput): CiProjection {
  const steps = input.steps ?? CURRICULUM_STEPS
  const node20Share = Math.min(Math.max(input.node20Share ?? 1, 0), 1)
  const npmTestNode26 = input.secondsPerStep * steps
  const npmTestNode20 = npmTestNode26 * node20Share
  const fixed = Object.values(input.fixed ?? CI_FIXED_STAGES).reduce((sum, seconds) => sum + seconds, 0)
  const total = npmTestNode20 + npmTestNode26 + fixed
  const target = (input.targetMinutes ?? CI_TARGET_MINUTES) * 60
  return { steps, node20Share, npmTestNode20, npmTestNode26, fixed, total, target, spare: target - total }
}

/**
 * How much more npm test costs for the whole curriculum than for the steps measured,
 * when each step costs in proportion to its solution's tests (which grow by a step's
 * practice tests each step, as every earlier step's stay on as regression tests): the
 * measured steps' test counts as they are, the steps still to come extrapolated on a
 * straight line fitted to them. It errs long: a step's typecheck and counterfeits do
 * not grow with its tests. With fewer than two steps it assumes no growth.
 */
export function growthFactor(testCounts: readonly number[], steps = CURRICULUM_STEPS): number {
  const measured = testCounts.reduce((sum, count) => sum + count, 0)
  if (measured === 0) return steps / Math.max(testCounts.length, 1)
  return stepWeights(testCounts, steps).reduce((sum, weight) => sum + weight, 0) / measured
}

/** Each step's weight (its solution's tests): measured, then on the fitted line (flat with fewer than two). */
export function stepWeights(testCounts: readonly number[], steps = CURRICULUM_STEPS): number[] {
  const n = testCounts.length
  if (n === 0) return Array.from({ length: steps }, () => 1)
  const xs = testCounts.map((_, i) => i + 1)
  const meanX = xs.reduce((a, b) => a + b, 0) / n
  const meanY = testCounts.reduce((a, b) => a + b, 0) / n
  const spreadX = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0)
  const slope = n < 2 ? 0 : xs.reduce((sum, x, i) => sum + (x - meanX) * (testCounts[i]! - meanY), 0) / spreadX
  return Array.from({ length: Math.max(steps, n) }, (_, i) =>
    i < n ? testCounts[i]! : Math.max(meanY + slope * (i + 1 - meanX), 0),
  )
}

/** The share of the whole curriculum's npm test that validating only each module's last step costs. */
export function lastStepsShare(weights: readonly number[], moduleSteps: readonly number[] = CURRICULUM_MODULE_STEPS): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  const last = lastStepsOfModules(moduleSteps).reduce((sum, position) => sum + (weights[position - 1] ?? 0), 0)
  return total === 0 ? 1 : last / total
}

/** The solution test counts in npm test's final table, step by step ("625/625 pass" → 625). */
export function solutionTestCounts(output: string): number[] {
  return [...output.matchAll(/^\d{2}\.\d{2} \S+\s+\S+\s+\d+\/(\d+) pass/gm)].map((match) => Number(match[1]))
}

const minutes = (seconds: number): string => `${(seconds / 60).toFixed(1)} min`

/** The projection's lines; `lastCi`, the same projection at the last CI run's pace, for comparison. */
export function formatCiProjection(projection: CiProjection, secondsPerStep: number, lastCi?: CiProjection): string[] {
  const { steps, node20Share, npmTestNode20, npmTestNode26, fixed, total, target, spare } = projection
  const pace = secondsPerStep.toFixed(1)
  const lastPace = LAST_CI_NPM_TEST.node20 / LAST_CI_NPM_TEST.steps
  const comparison = lastCi
    ? [
        `  at the last CI run's pace:   ${minutes(lastCi.total)} (${lastPace.toFixed(1)} s per step: ` +
          `npm test ${LAST_CI_NPM_TEST.node20} s for ${LAST_CI_NPM_TEST.steps} steps on node 20)`,
      ]
    : []
  const node20 = node20Share >= 1 ? 'every step' : `the last step of each module, ${(node20Share * 100).toFixed(0)} % of the cost`
  return [
    `CI projection (.ci/run) for ${steps} steps, at ${pace} s per step:`,
    `  npm test (node 26):          ${steps} × ${pace} s = ${minutes(npmTestNode26)} (every step)`,
    `  npm test (node 20):          ${minutes(npmTestNode20)} (${node20})`,
    `  fixed stages:                ${minutes(fixed)} (the last CI run's: install, browser, lint, typecheck, tools' tests)`,
    `  .ci/run:                     ${minutes(total)} (target ≤ ${minutes(target)}: ` +
      (spare >= 0 ? `${minutes(spare)} to spare)` : `${minutes(-spare)} over)`),
    ...comparison,
  ]
}

function main(): void {
  const USAGE = 'Usage: npm run bench:validate -- [step or module …] [--runs N] [--no-per-app]'
  let args: { positionals: string[]; values: { runs?: string | undefined; 'no-per-app'?: boolean | undefined } }
  try {
    args = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' }, 'no-per-app': { type: 'boolean' } } })
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
  const runs = Number(args.values.runs ?? 1)
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(USAGE)
    process.exit(2)
  }
  const root = findWorkshopRoot(import.meta.dirname)
  const only = args.positionals
  const steps = readSteps(root).filter((step) => only.length === 0 || only.some((id) => step.id.startsWith(id)))
  const apps = steps.flatMap((step) => [step.problemDir, step.solutionDir]).filter((dir): dir is string => !!dir)
  const validator = path.join(root, 'tools', 'src', 'validate', 'cli.ts')

  const validation: number[] = []
  const perApp: number[] = []
  let counts: number[] = []
  for (let run = 0; run < runs; run++) {
    const timed = timeNode(typescriptArgs(validator, only), root)
    const verdict = /^\d+ passed, \d+ failed$/m.exec(timed.output)?.[0] ?? `exit ${timed.status}`
    validation.push(timed.seconds)
    counts = solutionTestCounts(timed.output)
    console.log(`run ${run + 1}: validation ${timed.seconds.toFixed(1)} s (${verdict})`)
    if (args.values['no-per-app']) continue
    let total = 0
    for (const app of apps) total += timeVitestRun(app).seconds
    perApp.push(total)
    console.log(`run ${run + 1}: ${apps.length} apps, one vitest process each, ${total.toFixed(1)} s`)
  }

  const ratios = validation.map((seconds, i) => perApp[i]! / seconds)
  const secondsPerStep = median(validation) / steps.length
  console.log('')
  console.log(`steps: ${steps.length} (${apps.length} apps)`)
  console.log(`validation (npm test):       ${spread(validation)}; ${secondsPerStep.toFixed(1)} s per step (target ≤ 10)`)
  if (perApp.length > 0) {
    console.log(`one process per app:         ${spread(perApp)} (tests only: no typecheck, no counterfeits)`)
    const ratio = median(ratios)
    const verdict = ratio >= 1 ? `${ratio.toFixed(2)}× faster than` : `${(1 / ratio).toFixed(2)}× slower than`
    console.log(`validation is ${verdict} one process per app (median of ${runs} paired run(s); target: 3× faster)`)
  }
  console.log('')
  // .ci/run validates every step on Node 26 and each module's last step on Node 20.
  const weights = stepWeights(counts.length === steps.length ? counts : [])
  const node20Share = lastStepsShare(weights)
  const projection = projectCi({ secondsPerStep, node20Share })
  const lastCi = projectCi({ secondsPerStep: LAST_CI_NPM_TEST.node20 / LAST_CI_NPM_TEST.steps, node20Share })
  for (const line of formatCiProjection(projection, secondsPerStep, lastCi)) console.log(line)
  // Later steps carry more tests: the same run, each step weighted by its solution's tests.
  if (counts.length === steps.length && counts.length >= 2) {
    const growing = (median(validation) * growthFactor(counts)) / CURRICULUM_STEPS
    console.log('')
    console.log(
      `As the suites grow (solution tests ${counts[0]} at ${steps[0]!.id} to ${counts.at(-1)} at ${steps.at(-1)!.id}, ` +
        `extrapolated on a line to step ${CURRICULUM_STEPS}):`,
    )
    for (const line of formatCiProjection(projectCi({ secondsPerStep: growing, node20Share }), growing)) console.log(line)
  }
  if (steps.length < CURRICULUM_STEPS / 2) {
    console.log(`  (from ${steps.length} step(s): later steps carry more tests, so a few early ones project short; run it on every step)`)
  }
}

if (process.argv[1] === import.meta.filename) main()
