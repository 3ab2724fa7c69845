/**
 * npm run step:carry -- exercises/01.foundations/01.solution.app-factory
 *   Carries the uncommitted edits of one step app into every later step (see README).
 * npm run step:carry -- exercises/05.transactions/03.solution.retry --since exercises/04.layers/03.solution.composition-root
 *   Carries what the app changed since an earlier one: how a module built beside an
 *   earlier module is brought up to date with it.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findWorkshopRoot } from '../workshop.js'
import { carryForward, changesBetween, uncommittedChanges, type Outcome } from './carry-forward.js'

const USAGE =
  'Usage: npm run step:carry -- <step folder> [--since <earlier step folder>]   e.g. npm run step:carry -- exercises/01.foundations/01.solution.app-factory'
let args: { positionals: string[]; values: { since?: string | undefined } }
try {
  args = parseArgs({ allowPositionals: true, options: { since: { type: 'string' } } })
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`)
  process.exit(2)
}
const [target] = args.positionals
if (!target || args.positionals.length > 1) {
  console.error(USAGE)
  process.exit(2)
}
const root = findWorkshopRoot(import.meta.dirname)
const here = process.env.INIT_CWD ?? process.cwd()
const appDir = path.resolve(here, target)
try {
  const since = args.values.since
  const changes = since === undefined ? uncommittedChanges(root, appDir) : changesBetween(path.resolve(here, since), appDir)
  if (changes.length === 0) {
    console.log(
      since === undefined
        ? `No uncommitted edits in ${path.relative(root, appDir)}: edit a file there first, then carry it.`
        : `${path.relative(root, appDir)} has no changes since ${since}: nothing to carry.`,
    )
    process.exit(0)
  }
  const reports = carryForward(root, appDir, changes)
  const label: Record<Outcome, string> = {
    applied: '✔ applied',
    merged: '✔ merged ',
    added: '✔ added  ',
    deleted: '✔ deleted',
    already: '· already',
    absent: '· absent ',
    conflict: '✖ CONFLICT',
  }
  for (const report of reports) console.log(`${label[report.outcome]}  ${report.app}/${report.file}`)
  const conflicts = reports.filter((report) => report.outcome === 'conflict')
  console.log(
    conflicts.length === 0
      ? `Carried ${changes.length} file(s) forward. Run npm test to check the steps.`
      : `${conflicts.length} place(s) could not take the change cleanly and were left as they were: edit them by hand.`,
  )
  process.exit(conflicts.length === 0 ? 0 : 1)
} catch (error) {
  console.error(`✖ ${(error as Error).message}`)
  process.exit(1)
}
