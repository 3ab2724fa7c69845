/**
 * npm run step:carry -- exercises/01.foundations/01.solution.app-factory
 * Carries the uncommitted edits of one step app into every later step (see README).
 */
import path from 'node:path'
import { findWorkshopRoot } from '../workshop.js'
import { carryForward, uncommittedChanges, type Outcome } from './carry-forward.js'

const target = process.argv[2]
if (!target) {
  console.error('Usage: npm run step:carry -- <step folder>   e.g. npm run step:carry -- exercises/01.foundations/01.solution.app-factory')
  process.exit(2)
}
const root = findWorkshopRoot(import.meta.dirname)
const appDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), target)
try {
  const changes = uncommittedChanges(root, appDir)
  if (changes.length === 0) {
    console.log(`No uncommitted edits in ${path.relative(root, appDir)}: edit a file there first, then carry it.`)
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
