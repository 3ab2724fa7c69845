/**
 * npm test: validates the workshop, step by step (see README "For instructors").
 *
 *   npm test                          every step
 *   npm test -- 02.03                 one step (or a module: 02)
 *   npm test -- 02 --counterfeits     run every practice test against each counterfeit and list which caught it
 *   npm test -- --root DIR            another workshop (the validator's own tests use this)
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { checkSolutionsIndex } from '../solutions-index.js'
import { POSTGRES_SETTING, postgresUrl } from '../testing/postgres.js'
import { REDIS_SETTING, redisUrl } from '../testing/redis.js'
import { findWorkshopRoot, readSteps } from '../workshop.js'
import { Progress } from './progress.js'
import { formatCounterfeits, formatReport } from './report.js'
import { isInteractive, StatusLine } from './status-line.js'
import { validate } from './validate.js'

let parsed: ReturnType<typeof parse>
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { root: { type: 'string' }, counterfeits: { type: 'boolean', default: false } },
  })
}
try {
  parsed = parse()
} catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm test -- [step or module …] [--counterfeits] [--root DIR]`)
  process.exit(2)
}
const root = parsed.values.root ? path.resolve(parsed.values.root) : findWorkshopRoot(import.meta.dirname)
const only = parsed.positionals
const known = readSteps(root).map((step) => step.id)
const unknown = only.filter((id) => !/^\d{2}(\.\d{2})?$/.test(id) || !known.some((k) => k.startsWith(id)))
if (unknown.length > 0) {
  console.error(`Unknown step ${unknown.join(', ')}. Steps are named like 02.03 (or a module, 02); this workshop has: ${known.join(', ')}`)
  process.exit(2)
}
if (known.length === 0) {
  console.error('No steps under exercises/: nothing to validate.')
  process.exit(1)
}

// Tests that need a real server name the variable that enables them and are not run
// without it: say so before the run too, so a green report is never taken for more.
const services = [
  ...(postgresUrl() ? [] : [{ name: 'PostgreSQL', setting: POSTGRES_SETTING }]),
  ...(redisUrl() ? [] : [{ name: 'Redis', setting: REDIS_SETTING }]),
]
if (services.length > 0) {
  const names = services.map((service) => service.name).join(' and ')
  const settings = services.map((service) => service.setting).join(' and ')
  console.log(`Real services: the tests that need ${names} will be reported as not run; set ${settings} to run them.\n`)
}

// Progress while it runs: on a terminal, one line redrawn in place; in CI or a pipe,
// a plain line every few seconds. Each step's verdict is printed as soon as it is known.
const started = performance.now()
const status: StatusLine = new StatusLine(process.stdout, (): string => progress.status(), {
  interactive: isInteractive(process.stdout, process.env),
})
const progress = new Progress(status)
status.interceptWrites(process.stdout, process.stderr)
const reports = await validate({ root, only, everyCatch: parsed.values.counterfeits, events: progress }).finally(() =>
  status.stop(),
)
const workshopFindings = checkSolutionsIndex(root)
console.log('')
if (parsed.values.counterfeits) console.log(`${formatCounterfeits(reports)}\n`)
console.log(formatReport(reports, workshopFindings, (performance.now() - started) / 1000))
process.exit(reports.some((report) => report.findings.length > 0) || workshopFindings.length > 0 ? 1 : 0)
