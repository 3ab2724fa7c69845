/**
 * npm run bench:step -- [step folder] [--runs N]
 * Times a step's whole test run the way a learner starts it (`vitest run` in the
 * step folder) and prints the figures. Target: about 3 s median (DESIGN.md
 * "Budgets"). A benchmark, not a test: it reports, it never fails on a slow machine.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findWorkshopRoot, readSteps } from '../workshop.js'
import { spread, timeVitestRun, vitestSummary } from './timing.js'

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

const seconds: number[] = []
let summary = ''
for (let run = 0; run < runs; run++) {
  const timed = timeVitestRun(appDir)
  seconds.push(timed.seconds)
  summary = vitestSummary(timed.output)
}
console.log(`step: ${path.relative(root, appDir)}`)
console.log(`tests: ${summary}`)
console.log(`wall time over ${runs} run(s): ${spread(seconds)}  (target: about 3 s median)`)
