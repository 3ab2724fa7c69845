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
// The problem as it was when the scratch copy was made: `save` diffs against this,
// so edits others make to the problem meanwhile do not leak into the counterfeit.
const base = `${scratch}.base`
const patchFile = path.join(counterfeitsDir(root, stepId), `${name}.patch`)
const relative = (file: string): string => path.relative(process.env.INIT_CWD ?? process.cwd(), file)

if (command === 'try') {
  if (fs.existsSync(scratch)) {
    fail(`${relative(scratch)} exists already, perhaps with edits not yet saved: save them, or delete it and ${relative(base)} first.`)
  }
  copyProblem(problemDir, scratch, `counterfeit-${stepId}-${name}`)
  copyProblem(problemDir, base, `counterfeit-${stepId}-${name}`)
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
  if (!fs.existsSync(base)) fail(`No ${relative(base)} to compare with: start again with npm run counterfeit -- try ${stepId} ${name}`)
  // Both copies carry the same package name, so it is never part of the diff.
  const diff = diffApps(base, scratch)
  if (diff === '') fail(`${relative(scratch)} does not differ from the problem: nothing to save.`)
  const check = path.join(scratchRoot(root), 'scratch', `${stepId}-${name}.check`)
  copyProblem(problemDir, check, 'check')
  try {
    applyCounterfeit(diff, check)
  } catch (error) {
    console.log(`⚠ The problem changed since the scratch copy was made, and the counterfeit ${(error as Error).message}.`)
    console.log('  Saved anyway; start again from the current problem with try (delete the scratch folders first).')
  } finally {
    fs.rmSync(check, { recursive: true, force: true })
  }
  const previous = fs.existsSync(patchFile) ? splitPatch(fs.readFileSync(patchFile, 'utf8')).description : ''
  const description = summary ?? previous
  if (!description) fail('Give the counterfeit a one-line summary: npm run counterfeit -- save <step> <name> "summary"')
  const kept = summary && previous ? [summary, ...previous.split('\n').slice(1)].join('\n') : description
  fs.mkdirSync(path.dirname(patchFile), { recursive: true })
  fs.writeFileSync(patchFile, `${kept.trim()}\n\n${diff}`)
  console.log(`Saved ${relative(patchFile)}. Check it is caught: npm test -- ${stepId} --counterfeits`)
}
