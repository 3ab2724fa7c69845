import fs from 'node:fs'
import path from 'node:path'
import { isPracticeFile, listAuthoredFiles, readText } from '../app-files.js'
import type { Step } from '../workshop.js'
import type { Finding } from './judge.js'
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
 */
export function checkContinuity(problemDir: string, previousSolutionDir: string, stepId: string): Finding[] {
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
      findings.push(`${file} is in this problem but not in the previous solution`)
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
 * A problem's tests outside its own practice files are implied by the previous
 * solution's run when nothing they can see differs: its app files equal the
 * previous solution's (guidance comments aside, which are comments and change
 * nothing that runs), and every test file but this step's practice files is the
 * same file, byte for byte. Then running them again proves nothing new.
 */
export function othersImpliedByPrevious(problemDir: string, previousSolutionDir: string, stepId: string): boolean {
  if (checkContinuity(problemDir, previousSolutionDir, stepId).length > 0) return false
  const tests = (dir: string): string[] => listAuthoredFiles(dir).filter((f) => isTestFile(f) && !isPracticeFile(f, stepId))
  const mine = tests(problemDir)
  const theirs = tests(previousSolutionDir)
  return (
    mine.length === theirs.length &&
    mine.every((file, i) => file === theirs[i] && readText(problemDir, file) === readText(previousSolutionDir, file))
  )
}
