/**
 * npm run counterfeit -- try  02.03 hard-coded-message
 * npm run counterfeit -- save 02.03 hard-coded-message ["one-line summary"]
 *
 * `try` makes a scratch copy of the step's problem (with the counterfeit applied
 * when it exists) to edit and test; `save` writes the copy's differences from
 * the problem as tools/counterfeits/<step>/<name>.patch. See tools/counterfeits/README.md.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findWorkshopRoot, readSteps } from '../workshop.js'
import {
  applyCounterfeit,
  checkName,
  copyProblem,
  counterfeitsDir,
  diffApps,
  scratchRoot,
  splitPatch,
} from './counterfeits.js'

const USAGE = 'Usage: npm run counterfeit -- try|save <step, like 02.03> <name, kebab-case> ["summary" (save)]'

function fail(message: string): never {
  console.error(`✖ ${message}`)
  process.exit(2)
}

const { positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: {} })
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`)
  }
})()
const [command, stepId, name, summary] = positionals
if ((command !== 'try' && command !== 'save') || !stepId || !name) fail(USAGE)
try {
  checkName(name)
} catch (error) {
  fail((error as Error).message)
}

const root = findWorkshopRoot(import.meta.dirname)
const step = readSteps(root).find((candidate) => candidate.id === stepId)
if (!step?.problemDir) fail(`No step ${stepId} with a problem folder under exercises/.`)
const problemDir = step.problemDir
const scratch = path.join(scratchRoot(root), 'scratch', `${stepId}-${name}`)
const patchFile = path.join(counterfeitsDir(root, stepId), `${name}.patch`)
const relative = (file: string): string => path.relative(process.env.INIT_CWD ?? process.cwd(), file)

if (command === 'try') {
  if (fs.existsSync(scratch)) {
    fail(`${relative(scratch)} exists already, perhaps with edits not yet saved: save them, or delete the folder first.`)
  }
  copyProblem(problemDir, stepId, scratch, { practiceOnly: false, packageName: `counterfeit-${stepId}-${name}` })
  if (fs.existsSync(patchFile)) {
    try {
      applyCounterfeit(fs.readFileSync(patchFile, 'utf8'), scratch)
      console.log(`Applied ${relative(patchFile)}.`)
    } catch (error) {
      console.log(`The existing ${relative(patchFile)} does not apply (${(error as Error).message}): redo it by hand.`)
    }
  }
  console.log(`Edit the problem's copy in ${relative(scratch)}, then run its practice tests there:`)
  console.log(`  (cd ${relative(scratch)} && npx vitest run tests/${stepId}.)`)
  console.log(`and save it with: npm run counterfeit -- save ${stepId} ${name} "what the trick is, in one line"`)
} else {
  if (!fs.existsSync(scratch)) fail(`No scratch copy ${relative(scratch)}: start with npm run counterfeit -- try ${stepId} ${name}`)
  // The copy carries its own package name; that is not part of the trick.
  const manifest = path.join(scratch, 'package.json')
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, unknown>
  const original = JSON.parse(fs.readFileSync(path.join(problemDir, 'package.json'), 'utf8')) as { name: string }
  fs.writeFileSync(manifest, `${JSON.stringify({ ...pkg, name: original.name }, null, 2)}\n`)
  const diff = diffApps(problemDir, scratch)
  fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`)
  if (diff === '') fail(`${relative(scratch)} does not differ from the problem: nothing to save.`)
  const previous = fs.existsSync(patchFile) ? splitPatch(fs.readFileSync(patchFile, 'utf8')).description : ''
  const description = summary ?? previous
  if (!description) fail('Give the counterfeit a one-line summary: npm run counterfeit -- save <step> <name> "summary"')
  const kept = summary && previous ? [summary, ...previous.split('\n').slice(1)].join('\n') : description
  fs.mkdirSync(path.dirname(patchFile), { recursive: true })
  fs.writeFileSync(patchFile, `${kept.trim()}\n\n${diff}`)
  console.log(`Saved ${relative(patchFile)}. Check it is caught: npm test -- ${stepId} --counterfeits`)
}
