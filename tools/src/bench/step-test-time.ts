/**
 * npm run bench:step -- [step folder] [--runs N]
 * Times a step's test run the way a learner starts it (`vitest run` in the step
 * folder) and prints two figures: how long until the step's own practice results
 * are printed (the step reporter's first block), and the whole run. Targets
 * (DESIGN.md "Budgets"): the step's own result within 5 s, the whole run within
 * 15 s on SQLite and 2 cores. A benchmark, not a test: it reports, it never fails
 * on a slow machine.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { packageStep } from '../testing/step-files.js'
import { findWorkshopRoot, readSteps } from '../workshop.js'
import { spread, timeVitestRunUntil, vitestSummary } from './timing.js'

const USAGE = 'Usage: npm run bench:step -- [step folder] [--runs N]'
let args: { positionals: string[]; values: { runs?: string | undefined } }
try {
  args = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' } } })
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`)
  process.exit(2)
}
const runs = Number(args.values.runs ?? 3)
const root = findWorkshopRoot(import.meta.dirname)
const target = args.positionals[0]
const appDir = target ? path.resolve(process.env.INIT_CWD ?? process.cwd(), target) : readSteps(root).at(-1)?.solutionDir
if (!appDir || !Number.isInteger(runs) || runs < 1) {
  console.error(USAGE)
  process.exit(2)
}

/**
 * The first line that gives the step's own result: the step reporter's block for it
 * (tools/src/testing/step-reporter.ts), or, with Vitest's default reporter (an app from
 * before the step reporter, for a before/after figure), the line of its practice file.
 */
const step = packageStep(appDir)
const OWN_RESULT = new RegExp(`^ (Step \\d{2}\\.\\d{2}, its own practice tests|[✓❯×] tests/${(step ?? 'none').replace('.', '\\.')}\\.)`, 'm')

const whole: number[] = []
const own: number[] = []
let summary = ''
for (let run = 0; run < runs; run++) {
  const timed = await timeVitestRunUntil(appDir, OWN_RESULT)
  whole.push(timed.seconds)
  if (timed.markSeconds !== undefined) own.push(timed.markSeconds)
  summary = vitestSummary(timed.output)
}
console.log(`step: ${path.relative(root, appDir)}`)
console.log(`tests: ${summary}`)
console.log(
  own.length === runs
    ? `step's own result printed after: ${spread(own)}  (target: within 5 s)`
    : `step's own result: printed in ${own.length} of ${runs} runs (an app without the step reporter, or without practice tests of its own)`,
)
console.log(`whole run, wall time over ${runs} run(s): ${spread(whole)}  (target: 15 s or less)`)
