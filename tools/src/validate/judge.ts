/**
 * Judging: what the test results of one app mean for its step. Pure functions
 * over the results, so the rules are in one place and read in one sitting.
 */
import { isPracticeFile } from '../app-files.js'
import type { AppTestResult } from './run-tests.js'

/** A problem found by a check: what is wrong, and where to look. */
export type Finding = string

export interface SolutionCounts {
  passed: number
  total: number
}

export interface ProblemCounts {
  practiceFailed: number
  practiceTotal: number
  otherPassed: number
  otherTotal: number
}

/** Solution: every test file loads and every test passes. */
export function judgeSolution(result: AppTestResult | undefined, findings: Finding[]): SolutionCounts {
  const counts = { passed: 0, total: 0 }
  if (!result || result.files.length === 0) {
    findings.push('solution: no test ran')
    return counts
  }
  for (const file of result.files) {
    counts.passed += file.passed.length
    counts.total += file.passed.length + file.failed.length
    if (file.loadError) findings.push(`solution: ${file.file} failed to load: ${file.loadError}`)
    for (const test of file.failed) findings.push(`solution: ${file.file} › ${test.name}: ${test.message}`)
  }
  return counts
}

/**
 * Problem: every test outside this step's practice files passes (the contract
 * holds before the work), and every practice test fails (each one needs the work).
 */
export function judgeProblem(result: AppTestResult | undefined, stepId: string, findings: Finding[]): ProblemCounts {
  const counts = { practiceFailed: 0, practiceTotal: 0, otherPassed: 0, otherTotal: 0 }
  if (!result || result.files.length === 0) {
    findings.push('problem: no test ran')
    return counts
  }
  for (const file of result.files) {
    if (isPracticeFile(file.file, stepId)) {
      counts.practiceFailed += file.failed.length
      counts.practiceTotal += file.failed.length + file.passed.length
      if (file.loadError) {
        findings.push(
          `problem: practice file ${file.file} crashed while loading (${file.loadError}); ` +
            'load what the learner has yet to write inside the tests, so each test fails with its own 🚨 message',
        )
      }
      for (const name of file.passed) findings.push(`problem: practice test passes without the work: ${file.file} › ${name}`)
    } else {
      counts.otherPassed += file.passed.length
      counts.otherTotal += file.passed.length + file.failed.length
      if (file.loadError) findings.push(`problem: ${file.file} failed to load: ${file.loadError}`)
      for (const test of file.failed) {
        findings.push(`problem: a test outside this step's practice fails: ${file.file} › ${test.name}: ${test.message}`)
      }
    }
  }
  if (counts.practiceTotal === 0) findings.push(`problem: no practice tests (tests/${stepId}.*.test.ts)`)
  return counts
}

/**
 * A counterfeit is caught when at least one of the step's practice tests fails
 * with it applied. The tests that caught it are returned, for the report.
 */
export function judgeCounterfeit(
  result: AppTestResult | undefined,
  stepId: string,
  label: string,
  findings: Finding[],
): { caught: boolean; by: string[] } {
  const practice = (result?.files ?? []).filter((file) => isPracticeFile(file.file, stepId))
  if (practice.length === 0) {
    findings.push(`counterfeit ${label}: no practice test ran against it`)
    return { caught: false, by: [] }
  }
  const by = practice.flatMap((file) => [
    ...file.failed.map((test) => `${file.file} › ${test.name}`),
    ...(file.loadError ? [`${file.file} (failed to load: ${file.loadError})`] : []),
  ])
  if (by.length === 0) {
    const passed = practice.reduce((sum, file) => sum + file.passed.length, 0)
    findings.push(
      `counterfeit ${label} got through: all ${passed} practice tests pass without the practice. ` +
        'Strengthen the practice tests until one fails with it',
    )
  }
  return { caught: by.length > 0, by }
}
