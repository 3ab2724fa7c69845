/**
 * npm run counterfeit -- try  02.03 hard-coded-message
 * npm run counterfeit -- save 02.03 hard-coded-message ["one-line summary"]
 *
 * npm run counterfeit -- rebase 02.03 [hard-coded-message]
 *
 * `try` makes a scratch copy of the step's problem (with the counterfeit applied
 * when it exists) to edit and test; `save` writes the copy's differences from
 * the problem as tools/counterfeits/<step>/<name>.patch; `rebase` carries a step's
 * counterfeits (or one) that no longer apply onto the problem as it is now, from the
 * problem as it was when each patch was last committed. See tools/counterfeits/README.md.
 */
import { execFileSync } from 'node:child_process'
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
  listCounterfeits,
  rebaseCounterfeit,
  scratchRoot,
  splitPatch,
} from './counterfeits.js'

const USAGE =
  'Usage: npm run counterfeit -- try|save <step, like 02.03> <name, kebab-case> ["summary" (save)]\n' +
  '       npm run counterfeit -- rebase <step> [name]'

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
if (command === 'rebase' && stepId) {
  process.exit(rebase(stepId, name))
}
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

/**
 * Re-bases the step's counterfeits that no longer apply: each from the problem as it was
 * at the commit that last changed its patch. Returns the exit code: 1 if any conflicts.
 */
function rebase(id: string, only: string | undefined): number {
  const root = findWorkshopRoot(import.meta.dirname)
  const problem = readSteps(root).find((candidate) => candidate.id === id)?.problemDir
  if (!problem) fail(`No step ${id} with a problem folder under exercises/.`)
  const git = (args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    } catch {
      return undefined
    }
  }
  const problemInGit = path.relative(root, problem).split(path.sep).join('/')
  const chosen = listCounterfeits(root, id).filter((counterfeit) => only === undefined || counterfeit.name === only)
  if (chosen.length === 0) fail(only ? `No counterfeit ${only} for step ${id}.` : `Step ${id} has no counterfeits.`)
  let conflicted = 0
  for (const counterfeit of chosen) {
    const text = fs.readFileSync(counterfeit.file, 'utf8')
    const check = path.join(scratchRoot(root), 'scratch', `${id}-${counterfeit.name}.check`)
    copyProblem(problem, check, 'check')
    let applies = true
    try {
      applyCounterfeit(text, check)
    } catch {
      applies = false
    } finally {
      fs.rmSync(check, { recursive: true, force: true })
    }
    if (applies) {
      console.log(`· ${counterfeit.name}: applies as it is`)
      continue
    }
    const commit = git(['log', '-1', '--format=%H', '--', path.relative(root, counterfeit.file)])?.trim()
    if (!commit) {
      console.log(`✖ ${counterfeit.name}: not committed, so the problem it was written for is unknown: redo it with try`)
      conflicted++
      continue
    }
    const result = rebaseCounterfeit(text, problem, (file) => git(['show', `${commit}:${problemInGit}/${file}`]))
    if (result.patch === undefined) {
      console.log(`✖ ${counterfeit.name}: the problem changed the lines it changes (${result.conflicts.join(', ')}): redo it with try`)
      conflicted++
    } else {
      fs.writeFileSync(counterfeit.file, result.patch)
      console.log(`✔ ${counterfeit.name}: re-based from ${commit.slice(0, 7)}`)
    }
  }
  if (conflicted === 0) console.log(`Check they are still caught: npm test -- ${id} --counterfeits`)
  return conflicted === 0 ? 0 : 1
}
