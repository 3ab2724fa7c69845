/**
 * npm run bench:validate -- [step or module …] [--runs N]
 * Times full validation (`npm test`: every app, counterfeits and typecheck in one
 * Vitest process and one typechecking process) against running each app's own
 * `vitest run` one after another, in turns, on the same steps in the same call,
 * and prints both, the seconds per step and the ratio. Targets (DESIGN.md
 * "Budgets"): ≤ 10 s per step on 2 cores, and at least 3× faster than one process per app.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { typescriptArgs } from '../typescript-child.js'
import { findWorkshopRoot, readSteps } from '../workshop.js'
import { median, spread, timeNode, timeVitestRun } from './timing.js'

const USAGE = 'Usage: npm run bench:validate -- [step or module …] [--runs N]'
let args: { positionals: string[]; values: { runs?: string | undefined } }
try {
  args = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' } } })
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
console.log('')
console.log(`steps: ${steps.length} (${apps.length} apps)`)
console.log(`validation (npm test):       ${spread(validation)}; ${(median(validation) / steps.length).toFixed(1)} s per step (target ≤ 10)`)
console.log(`one process per app:         ${spread(perApp)} (tests only: no typecheck, no counterfeits)`)
const ratio = median(ratios)
const verdict = ratio >= 1 ? `${ratio.toFixed(2)}× faster than` : `${(1 / ratio).toFixed(2)}× slower than`
console.log(`validation is ${verdict} one process per app (median of ${runs} paired run(s); target: 3× faster)`)
