import fs from 'node:fs'
import path from 'node:path'
import { isPracticeFile, listAuthoredFiles, readText } from '../app-files.js'
import type { Step } from '../workshop.js'
import type { Finding } from './judge.js'
import { findImports, importCandidates, ts } from '../testing/source-code.js'
import { withoutGuidance } from './guidance.js'


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

/** The app files a test file loads, directly or through others: relative imports only, resolved to files. */
function localImportClosure(appDir: string, file: string): string[] | undefined {
  const seen = new Set<string>()
  const visit = (current: string): boolean => {
    if (seen.has(current)) return true
    seen.add(current)
    const text = readText(appDir, current)
    const module = { file: current, ast: ts.createSourceFile(current, text, ts.ScriptTarget.Latest, true) }
    for (const specifier of findImports(module)) {
      // What a computed import loads cannot be known: the file is then not implied.
      if (specifier === '<dynamic>') return false
      const candidates = importCandidates(current, specifier)
      if (candidates.length === 0) continue
      const found = candidates.find((candidate) => fs.existsSync(path.join(appDir, candidate)))
      // Generated code (the Prisma client) is made from the schema, which continuity compares.
      if (!found) {
        if (candidates[0]!.includes('/generated/')) continue
        return false
      }
      if (!visit(found)) return false
    }
    return true
  }
  return visit(file) ? [...seen] : undefined
}

/**
 * The problem's tests outside its own practice files whose outcome the previous
 * solution's run already gives, so they need not run again. A test file is implied
 * when the problem's app files equal the previous solution's (guidance comments
 * aside, which are comments and change nothing that runs) and the test file and
 * every test-side file it loads are the same files, byte for byte. A support file
 * that changed makes every test that loads it run again.
 */
export function testsImpliedByPrevious(problemDir: string, previousSolutionDir: string, stepId: string): string[] {
  // Strict: a starter file in src/ can change what an earlier test that reads the
  // whole of src/ (a compiler-API rule) sees, so a problem with one runs in full.
  if (checkContinuity(problemDir, previousSolutionDir, stepId).length > 0) return []
  const previous = new Set(listAuthoredFiles(previousSolutionDir))
  const sameAsPrevious = (file: string): boolean =>
    previous.has(file) && readText(problemDir, file) === readText(previousSolutionDir, file)
  return listAuthoredFiles(problemDir)
    .filter((file) => isTestFile(file) && file.endsWith('.test.ts') && !isPracticeFile(file, stepId))
    .filter((file) => {
      const closure = localImportClosure(problemDir, file)
      // src/ is covered by continuity; everything else the file loads must be unchanged.
      return closure !== undefined && closure.every((loaded) => loaded.startsWith('src/') || sameAsPrevious(loaded))
    })
}
