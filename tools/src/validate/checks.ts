import fs from 'node:fs'
import path from 'node:path'
import { isPracticeFile, listAuthoredFiles, readText } from '../app-files.js'
import type { Step } from '../workshop.js'
import type { Finding } from './judge.js'
import { findImports, importCandidates, ts } from '../testing/source-code.js'
import { withoutGuidance } from './guidance.js'
import { namesUsedByModule, runsTheSame, type UsedNames } from './same-behaviour.js'


const isTestFile = (file: string): boolean => file.startsWith('tests/')
const isContractFile = (file: string): boolean => file.startsWith('tests/contract/')

/** README.mdx in the module, the problem and the solution. */
export function checkReadmes(step: Step): Finding[] {
  const findings: Finding[] = []
  const places: [string, string | undefined][] = [
    ['module', step.moduleDir],
    ['problem', step.problemDir],
    ['solution', step.solutionDir],
  ]
  for (const [label, dir] of places) {
    if (dir === undefined) findings.push(`no ${label} folder`)
    else if (!fs.existsSync(path.join(dir, 'README.mdx'))) {
      findings.push(`${label} has no README.mdx (${path.join(dir, 'README.mdx')})`)
    }
  }
  return findings
}

/** The test files of a problem and its solution are the same files, byte for byte. */
export function checkTestsIdentical(problemDir: string, solutionDir: string): Finding[] {
  const problemTests = listAuthoredFiles(problemDir).filter(isTestFile)
  const solutionTests = listAuthoredFiles(solutionDir).filter(isTestFile)
  const findings: Finding[] = []
  for (const file of new Set([...problemTests, ...solutionTests])) {
    if (!problemTests.includes(file)) findings.push(`${file} is in the solution but not the problem`)
    else if (!solutionTests.includes(file)) findings.push(`${file} is in the problem but not the solution`)
    else if (readText(problemDir, file) !== readText(solutionDir, file)) {
      findings.push(`${file} differs between problem and solution`)
    }
  }
  return findings
}

function withoutName(packageJson: string): string {
  const parsed = JSON.parse(packageJson) as Record<string, unknown>
  delete parsed.name
  return JSON.stringify(parsed, null, 2)
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n')
  const right = b.split('\n')
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) {
      return `problem has ${JSON.stringify(left[i] ?? '<end of file>')}, previous solution has ${JSON.stringify(right[i] ?? '<end of file>')}`
    }
  }
  return 'they differ'
}

/**
 * The problem of a step is the previous step's solution plus this step's tests
 * and guidance: app files equal once guidance comments are set aside, contract
 * tests unchanged. Other test files (support, earlier practice tests) may change.
 *
 * Given this step's solution, a problem may also hold starter files: files new in
 * this step that the solution has too, handed to the learner whole (an interface
 * to implement) or in part (a stub with guidance), so that a step's work is its
 * lesson and not an afternoon of typing. Without it, every new file is a finding.
 */
export function checkContinuity(
  problemDir: string,
  previousSolutionDir: string,
  stepId: string,
  solutionDir?: string,
): Finding[] {
  const findings: Finding[] = []
  const problemFiles = listAuthoredFiles(problemDir)
  const previousFiles = listAuthoredFiles(previousSolutionDir)
  const compared = (file: string): boolean =>
    !file.endsWith('README.mdx') && !isPracticeFile(file, stepId) && (!isTestFile(file) || isContractFile(file))

  for (const file of new Set([...problemFiles, ...previousFiles])) {
    if (!compared(file)) continue
    if (!problemFiles.includes(file)) {
      findings.push(`${file} is in the previous solution but not in this problem`)
      continue
    }
    if (!previousFiles.includes(file)) {
      if (solutionDir !== undefined && fs.existsSync(path.join(solutionDir, file))) continue
      findings.push(
        `${file} is in this problem but not in the previous solution` +
          (solutionDir === undefined ? '' : ' (a starter file must be in this step’s solution too)'),
      )
      continue
    }
    let mine = readText(problemDir, file)
    let theirs = readText(previousSolutionDir, file)
    if (file === 'package.json') {
      mine = withoutName(mine)
      theirs = withoutName(theirs)
    } else if (!isContractFile(file)) {
      mine = withoutGuidance(mine)
      theirs = withoutGuidance(theirs)
    }
    if (mine !== theirs) findings.push(`${file}: ${firstDifference(mine, theirs)}`)
  }
  return findings
}

/**
 * The app files a test file loads, directly or through others: relative imports
 * only, resolved to files, each with the syntax tree read. Undefined when a
 * computed import makes what it loads unknowable.
 */
function localImportClosure(app: ParsedApp, file: string): Map<string, ts.SourceFile> | undefined {
  const seen = new Map<string, ts.SourceFile>()
  const visit = (current: string): boolean => {
    if (seen.has(current)) return true
    const { ast, imports } = app.parse(current)
    seen.set(current, ast)
    for (const specifier of imports) {
      // What a computed import loads cannot be known: the file is then not implied.
      if (specifier === '<dynamic>') return false
      const found = resolveInApp(app.dir, current, specifier)
      if (found === false) return false
      if (found && !visit(found)) return false
    }
    return true
  }
  return visit(file) ? seen : undefined
}

interface ParsedFile {
  ast: ts.SourceFile
  imports: string[]
  /** What it uses of each module it imports, by specifier. */
  uses: Map<string, UsedNames>
}

// Parsed files by name and content: the apps of a workshop share most of their files.
const parsedFiles = new Map<string, ParsedFile>()

/** An app's files, each read and parsed once however many test files load it. */
class ParsedApp {
  constructor(readonly dir: string) {}
  parse(file: string): ParsedFile {
    const text = readText(this.dir, file)
    const key = `${file}\0${text}`
    let entry = parsedFiles.get(key)
    if (!entry) {
      const ast = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
      entry = { ast, imports: findImports({ file, ast }), uses: namesUsedByModule(ast) }
      parsedFiles.set(key, entry)
    }
    return entry
  }
}

/**
 * The app file a relative specifier names; undefined for a package or generated
 * code (the Prisma client is made from the schema, which continuity compares);
 * false when it names nothing that exists.
 */
function resolveInApp(appDir: string, from: string, specifier: string): string | undefined | false {
  const candidates = importCandidates(from, specifier)
  if (candidates.length === 0) return undefined
  const found = candidates.find((candidate) => fs.existsSync(path.join(appDir, candidate)))
  if (found) return found
  return candidates[0]!.includes('/generated/') ? undefined : false
}

/**
 * Modules through which a test sees more files than it imports: the file system (a
 * rule read over the whole of src/, a fixture read as data) and child processes
 * (src/server.ts started as a program).
 */
const READS_FILES = new Set([
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  '@production-express/tools/testing/source-code',
])

/**
 * The problem's tests outside its own practice files whose outcome the previous
 * solution's run already gives, so they need not run again. A test file is implied
 * when, given that the problem's app files equal the previous solution's (guidance
 * comments aside, which change nothing that runs; checkContinuity):
 * - the test file is the same file, byte for byte;
 * - every other test-side file it loads is the same, or runs the same code for
 *   what is used of it (same-behaviour.ts: a support file that only grew a helper
 *   this test does not call);
 * - it loads no starter file (a file new in this step);
 * - it cannot read files another way (from disk, or by starting the server) while
 *   the step has a starter file or any test-side file that changed: it might read it.
 * A support file whose used code changed makes every test that loads it run again.
 */
export function testsImpliedByPrevious(
  problemDir: string,
  previousSolutionDir: string,
  stepId: string,
  solutionDir?: string,
): string[] {
  if (checkContinuity(problemDir, previousSolutionDir, stepId, solutionDir).length > 0) return []
  const previous = new Set(listAuthoredFiles(previousSolutionDir))
  const problemFiles = listAuthoredFiles(problemDir)
  const starters = new Set(problemFiles.filter((file) => !isTestFile(file) && !previous.has(file)))
  const sameAsPrevious = (file: string): boolean =>
    previous.has(file) && readText(problemDir, file) === readText(previousSolutionDir, file)
  const testSide = (file: string): boolean => isTestFile(file) && !isPracticeFile(file, stepId)
  const anythingNew =
    starters.size > 0 ||
    problemFiles.some((file) => testSide(file) && !sameAsPrevious(file)) ||
    [...previous].some((file) => testSide(file) && !problemFiles.includes(file))
  const app = new ParsedApp(problemDir)

  const implied = (file: string): boolean => {
    const closure = localImportClosure(app, file)
    if (!closure) return false
    if (anythingNew) {
      for (const loaded of closure.keys()) {
        if (app.parse(loaded).imports.some((specifier) => READS_FILES.has(specifier))) return false
      }
    }
    for (const loaded of closure.keys()) {
      if (starters.has(loaded)) return false
      // src/ is covered by continuity; the test itself must be the same file.
      if (loaded.startsWith('src/')) continue
      if (sameAsPrevious(loaded)) continue
      if (loaded === file || !previous.has(loaded)) return false
      const used = usedOf(app, closure, loaded)
      if (!runsTheSame(readText(previousSolutionDir, loaded), readText(problemDir, loaded), used)) return false
    }
    return true
  }
  return problemFiles.filter(
    (file) => isTestFile(file) && file.endsWith('.test.ts') && !isPracticeFile(file, stepId) && implied(file),
  )
}

/** What the files of a closure use of one of them. */
function usedOf(app: ParsedApp, closure: Map<string, ts.SourceFile>, target: string): UsedNames {
  let used: UsedNames = new Set()
  for (const importer of closure.keys()) {
    for (const [specifier, names] of app.parse(importer).uses) {
      if (specifier !== '<dynamic>' && resolveInApp(app.dir, importer, specifier) !== target) continue
      if (names === 'all') return 'all'
      used = new Set([...used, ...names])
    }
  }
  return used
}
