/**
 * npm run bench:validate -- [step or module …] [--runs N] [--node26-steps N]
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

export interface CiProjectionInput {
  /** npm test's wall time here / the steps it validated. */
  secondsPerStep: number
  /** Steps of the curriculum (default CURRICULUM_STEPS). */
  steps?: number
  /** Steps npm test validates on Node 26 (default: every step, as .ci/run does now). */
  node26Steps?: number
  /** Default CI_FIXED_STAGES. */
  fixed?: Readonly<Record<string, number>>
  /** Default CI_TARGET_MINUTES. */
  targetMinutes?: number
}

export interface CiProjection {
  steps: number
  node26Steps: number
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
 * per step once for every step on Node 20 and once for every step Node 26 validates.
 * Node 26 is given Node 20's pace (it was 20 % faster in the last CI run: the
 * projection errs long).
 */
export function projectCi(input: CiProjectionInput): CiProjection {
  const steps = input.steps ?? CURRICULUM_STEPS
  const node26Steps = Math.min(steps, input.node26Steps ?? steps)
  const npmTestNode20 = input.secondsPerStep * steps
  const npmTestNode26 = input.secondsPerStep * node26Steps
  const fixed = Object.values(input.fixed ?? CI_FIXED_STAGES).reduce((sum, seconds) => sum + seconds, 0)
  const total = npmTestNode20 + npmTestNode26 + fixed
  const target = (input.targetMinutes ?? CI_TARGET_MINUTES) * 60
  return { steps, node26Steps, npmTestNode20, npmTestNode26, fixed, total, target, spare: target - total }
}

const minutes = (seconds: number): string => `${(seconds / 60).toFixed(1)} min`

/** The projection's lines; `lastCi`, the same projection at the last CI run's pace, for comparison. */
export function formatCiProjection(projection: CiProjection, secondsPerStep: number, lastCi?: CiProjection): string[] {
  const { steps, node26Steps, npmTestNode20, npmTestNode26, fixed, total, target, spare } = projection
  const pace = secondsPerStep.toFixed(1)
  const lastPace = LAST_CI_NPM_TEST.node20 / LAST_CI_NPM_TEST.steps
  const comparison = lastCi
    ? [
        `  at the last CI run's pace:   ${minutes(lastCi.total)} (${lastPace.toFixed(1)} s per step: ` +
          `npm test ${LAST_CI_NPM_TEST.node20} s for ${LAST_CI_NPM_TEST.steps} steps on node 20)`,
      ]
    : []
  return [
    `CI projection (.ci/run) for ${steps} steps, at ${pace} s per step:`,
    `  npm test (node 20):          ${steps} × ${pace} s = ${minutes(npmTestNode20)}`,
    `  npm test (node 26):          ${node26Steps} × ${pace} s = ${minutes(npmTestNode26)}`,
    `  fixed stages:                ${minutes(fixed)} (the last CI run's: install, browser, lint, typecheck, tools' tests)`,
    `  .ci/run:                     ${minutes(total)} (target ≤ ${minutes(target)}: ` +
      (spare >= 0 ? `${minutes(spare)} to spare)` : `${minutes(-spare)} over)`),
    ...comparison,
  ]
}

function main(): void {
  const USAGE = 'Usage: npm run bench:validate -- [step or module …] [--runs N] [--node26-steps N]'
  let args: { positionals: string[]; values: { runs?: string | undefined; 'node26-steps'?: string | undefined } }
  try {
    args = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' }, 'node26-steps': { type: 'string' } } })
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
  const runs = Number(args.values.runs ?? 1)
  const node26Steps = Number(args.values['node26-steps'] ?? CURRICULUM_STEPS)
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(node26Steps) || node26Steps < 0) {
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
  for (let run = 0; run < runs; run++) {
    const timed = timeNode(typescriptArgs(validator, only), root)
    const verdict = /^\d+ passed, \d+ failed$/m.exec(timed.output)?.[0] ?? `exit ${timed.status}`
    validation.push(timed.seconds)
    console.log(`run ${run + 1}: validation ${timed.seconds.toFixed(1)} s (${verdict})`)
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
  console.log(`one process per app:         ${spread(perApp)} (tests only: no typecheck, no counterfeits)`)
  const ratio = median(ratios)
  const verdict = ratio >= 1 ? `${ratio.toFixed(2)}× faster than` : `${(1 / ratio).toFixed(2)}× slower than`
  console.log(`validation is ${verdict} one process per app (median of ${runs} paired run(s); target: 3× faster)`)
  console.log('')
  const projection = projectCi({ secondsPerStep, node26Steps })
  const lastCi = projectCi({ secondsPerStep: LAST_CI_NPM_TEST.node20 / LAST_CI_NPM_TEST.steps, node26Steps })
  for (const line of formatCiProjection(projection, secondsPerStep, lastCi)) console.log(line)
  if (steps.length < CURRICULUM_STEPS / 2) {
    console.log(`  (from ${steps.length} step(s): later steps carry more tests, so a few early ones project short; run it on every step)`)
  }
}

if (process.argv[1] === import.meta.filename) main()
