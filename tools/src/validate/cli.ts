/**
 * npm test: validates the workshop, step by step (see README "For instructors").
 *
 *   npm test                 every step
 *   npm test -- 02.03        one step (or a module: 02)
 *   npm test -- --root DIR   another workshop (the validator's own tests use this)
 */
import path from 'node:path'
import { findWorkshopRoot, readSteps } from '../workshop.js'
import { formatReport } from './report.js'
import { validate } from './validate.js'

const args = process.argv.slice(2)
const rootFlag = args.indexOf('--root')
const root = rootFlag >= 0 ? path.resolve(args[rootFlag + 1] ?? '.') : findWorkshopRoot(import.meta.dirname)
const only = args.filter((_, i) => rootFlag < 0 || (i !== rootFlag && i !== rootFlag + 1))
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

const started = performance.now()
const reports = await validate({ root, only }, path.join(root, 'node_modules', '.cache', 'production-express'))
console.log(formatReport(reports, (performance.now() - started) / 1000))
process.exit(reports.some((report) => report.findings.length > 0) ? 1 : 0)
