import { spawn } from 'node:child_process'
import path from 'node:path'
import { practiceTestPrefix, readSteps, type Step } from '../workshop.js'
import {
  checkContinuity,
  checkReadmes,
  checkTestsIdentical,
  practiceFiles,
  type Finding,
} from './checks.js'
import { runAppTests, type AppTestResult } from './run-tests.js'
import type { TypecheckRequest, TypecheckResult } from './typecheck.js'

export interface StepReport {
  id: string
  name: string
  /** Figures for the table. */
  typecheck: string
  solution: string
  problem: string
  files: string
  continuity: string
  findings: Finding[]
}

export interface ValidationOptions {
  root: string
  /** Only steps whose id starts with one of these ("02", "02.03"); all when empty. */
  only: string[]
}

function stepName(step: Step): string {
  const dir = step.problemDir ?? step.solutionDir ?? step.moduleDir
  return path.basename(dir).replace(/^\d+\.(problem|solution)\./, '')
}

function typecheckInChild(requests: TypecheckRequest[]): Promise<TypecheckResult[]> {
  if (requests.length === 0) return Promise.resolve([])
  const script = path.join(import.meta.dirname, 'typecheck.ts')
  const tsx = path.join(import.meta.dirname, '../../../node_modules/.bin/tsx')
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [script, JSON.stringify(requests)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the typechecker exited with code ${code}`))
      else resolve(JSON.parse(output) as TypecheckResult[])
    })
  })
}

const isPractice = (file: string, stepId: string): boolean => file.startsWith(`tests/${practiceTestPrefix(stepId)}`)

/** Solution: every test file loads and every test passes. */
function judgeSolution(result: AppTestResult | undefined, findings: Finding[]): string {
  if (!result || result.files.length === 0) {
    findings.push('solution: no test ran')
    return 'no tests'
  }
  let passed = 0
  let total = 0
  for (const file of result.files) {
    passed += file.passed.length
    total += file.passed.length + file.failed.length
    if (file.loadError) findings.push(`solution: ${file.file} failed to load: ${file.loadError}`)
    for (const test of file.failed) findings.push(`solution: ${file.file} › ${test.name}: ${test.message}`)
  }
  return `${passed}/${total} pass`
}

/**
 * Problem: every test outside this step's practice files passes (the contract
 * holds before the work), and every practice test fails (each one needs the work).
 */
function judgeProblem(result: AppTestResult | undefined, stepId: string, findings: Finding[]): string {
  if (!result || result.files.length === 0) {
    findings.push('problem: no test ran')
    return 'no tests'
  }
  let practiceFailed = 0
  let practiceTotal = 0
  let otherPassed = 0
  let otherTotal = 0
  for (const file of result.files) {
    if (isPractice(file.file, stepId)) {
      practiceFailed += file.failed.length
      practiceTotal += file.failed.length + file.passed.length
      if (file.loadError) {
        findings.push(
          `problem: practice file ${file.file} crashed while loading (${file.loadError}); ` +
            'load what the learner has yet to write inside the tests, so each test fails with its own 🚨 message',
        )
      }
      for (const name of file.passed) findings.push(`problem: practice test passes without the work: ${file.file} › ${name}`)
    } else {
      otherPassed += file.passed.length
      otherTotal += file.passed.length + file.failed.length
      if (file.loadError) findings.push(`problem: ${file.file} failed to load: ${file.loadError}`)
      for (const test of file.failed) {
        findings.push(`problem: a test outside this step's practice fails: ${file.file} › ${test.name}: ${test.message}`)
      }
    }
  }
  if (practiceTotal === 0) findings.push(`problem: no practice tests (tests/${stepId}.*.test.ts)`)
  return `${practiceFailed}/${practiceTotal} practice fail, ${otherPassed}/${otherTotal} other pass`
}

export async function validate(options: ValidationOptions, cacheDir: string): Promise<StepReport[]> {
  const all = readSteps(options.root)
  const selected = all.filter((step) => options.only.length === 0 || options.only.some((id) => step.id.startsWith(id)))

  const apps = selected.flatMap((step) => [step.problemDir, step.solutionDir]).filter((d): d is string => !!d)
  const requests: TypecheckRequest[] = selected.flatMap((step) => [
    ...(step.solutionDir ? [{ appDir: step.solutionDir, scope: 'all' as const }] : []),
    ...(step.problemDir ? [{ appDir: step.problemDir, scope: 'app-code' as const }] : []),
  ])
  const [typechecks, tests] = await Promise.all([typecheckInChild(requests), runAppTests(apps, cacheDir)])
  const typeErrors = new Map(typechecks.map((result) => [result.appDir, result.errors]))

  return selected.map((step) => {
    const findings: Finding[] = []

    let typeErrorCount = 0
    for (const [label, dir] of [['solution', step.solutionDir], ['problem', step.problemDir]] as const) {
      if (!dir) continue
      const errors = typeErrors.get(dir) ?? []
      typeErrorCount += errors.length
      for (const error of errors.slice(0, 5)) findings.push(`${label} typecheck: ${error}`)
      if (errors.length > 5) findings.push(`${label} typecheck: … and ${errors.length - 5} more errors`)
    }

    const solution = step.solutionDir ? judgeSolution(tests.get(step.solutionDir), findings) : 'missing'
    const problem = step.problemDir ? judgeProblem(tests.get(step.problemDir), step.id, findings) : 'missing'

    const fileFindings = [...checkReadmes(step)]
    if (step.problemDir && step.solutionDir) {
      fileFindings.push(...checkTestsIdentical(step.problemDir, step.solutionDir))
      if (practiceFiles(step.solutionDir, step.id).length === 0) {
        fileFindings.push(`no practice test file tests/${step.id}.*.test.ts`)
      }
    }
    findings.push(...fileFindings)

    let continuity = 'first step'
    const index = all.indexOf(step)
    const previous = index > 0 ? all[index - 1] : undefined
    if (previous && step.problemDir) {
      if (!previous.solutionDir) continuity = 'no previous solution'
      else {
        const gaps = checkContinuity(step.problemDir, previous.solutionDir, step.id)
        continuity = gaps.length === 0 ? `= ${previous.id} solution` : `${gaps.length} differences`
        findings.push(...gaps.map((gap) => `continuity with ${previous.id} solution: ${gap}`))
      }
    }

    return {
      id: step.id,
      name: stepName(step),
      typecheck: typeErrorCount === 0 ? 'ok' : `${typeErrorCount} errors`,
      solution,
      problem,
      files: fileFindings.length === 0 ? 'ok' : `${fileFindings.length} issues`,
      continuity,
      findings,
    }
  })
}
