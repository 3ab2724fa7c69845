/**
 * npm run bench:step -- [step folder] [--runs N]
 * Times a step's whole test run the way a learner starts it (`npx vitest run` in
 * the step folder) and prints the figures. A benchmark, not a test: it never fails
 * on a slow machine, it reports.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { findWorkshopRoot, readSteps } from '../workshop.js'

const args = process.argv.slice(2)
const runsFlag = args.indexOf('--runs')
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3
const target = args.find((arg, i) => !arg.startsWith('--') && i !== runsFlag + 1)
const root = findWorkshopRoot(import.meta.dirname)
const steps = readSteps(root)
const appDir = target
  ? path.resolve(process.env.INIT_CWD ?? process.cwd(), target)
  : steps.at(-1)?.solutionDir
if (!appDir || !Number.isInteger(runs) || runs < 1) {
  console.error('Usage: npm run bench:step -- [step folder] [--runs N]')
  process.exit(2)
}

const vitest = path.join(root, 'node_modules', '.bin', 'vitest')
const seconds: number[] = []
let summary = ''
for (let run = 0; run < runs; run++) {
  const started = performance.now()
  // NO_COLOR keeps Vitest's summary line free of escape codes.
  const result = spawnSync(vitest, ['run'], { cwd: appDir, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } })
  seconds.push((performance.now() - started) / 1000)
  summary = result.stdout.match(/Tests\s+.*\(\d+\)/)?.[0] ?? 'no summary'
}
seconds.sort((a, b) => a - b)
const median = seconds[Math.floor(seconds.length / 2)]!
console.log(`step: ${path.relative(root, appDir)}`)
console.log(`tests: ${summary}`)
console.log(`wall time over ${runs} run(s): min ${seconds[0]!.toFixed(2)} s, median ${median.toFixed(2)} s, max ${seconds.at(-1)!.toFixed(2)} s`)
