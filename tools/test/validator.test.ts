import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { typescriptArgs } from '../src/typescript-child.js'
import { writeFixtureWorkshop, type Breakage } from './fixture-workshop.js'

const tools = path.resolve(import.meta.dirname, '..')
const cli = path.join(tools, 'src', 'validate', 'cli.ts')

function validateWorkshop(root: string, ...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, typescriptArgs(cli, ['--root', root, ...args]), {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  })
  return { status: result.status, output: result.stdout + result.stderr }
}

/** The table row of a step: "01.03 step-3  ok  …  FAIL" */
function row(output: string, id: string): string {
  return output.split('\n').find((line) => line.startsWith(`${id} `)) ?? ''
}

function findings(output: string, id: string): string {
  const start = output.indexOf(`✖ ${id} `)
  if (start < 0) return ''
  const end = output.indexOf('\n\n', start)
  return output.slice(start, end < 0 ? undefined : end)
}

describe('validator on a correct workshop', () => {
  let run: { status: number | null; output: string }
  beforeAll(() => {
    const root = path.join(tools, 'test', '.tmp', 'good')
    writeFixtureWorkshop(root, ['none', 'none', 'starter-file'])
    run = validateWorkshop(root, '--counterfeits')
  }, 120_000)

  test('passes every step and exits 0', () => {
    expect(run.output).toMatch(/^4 passed, 0 failed$/m)
    expect(run.status).toBe(0)
  })

  test('shows each step in the table', () => {
    expect(row(run.output, '01.01')).toMatch(/PASS$/)
    expect(row(run.output, '01.02')).toContain('= 01.01 solution')
  })

  test('takes a problem’s other tests from the previous solution when nothing they load differs', () => {
    expect(row(run.output, '01.02')).toContain('1/1 practice fail, 2/2 other pass (2 files from 01.01)')
  })

  test('accepts a starter file the problem and the solution both have, and takes the tests that cannot see it from 01.02', () => {
    // The starter file is imported by nothing and no test reads src/ from disk (tools/test/implied.test.ts has those cases).
    expect(row(run.output, '01.03')).toMatch(/= 01.02 solution +PASS$/)
    expect(row(run.output, '01.03')).toContain('(3 files from 01.02)')
  })

  test('shows its progress in plain lines (CI), each step’s verdict before the table', () => {
    expect(run.output).not.toContain('\x1b')
    expect(run.output).not.toContain('\r')
    expect(run.output).toContain('Validating 3 steps: 01.01 01.02 01.03\n')
    expect(run.output).toMatch(/^\[0:0\d\] steps 0\/3 · preparing/m)
    const table = run.output.indexOf('\nstep ')
    for (const [n, id] of ['01.01', '01.02', '01.03'].entries()) {
      const verdict = new RegExp(`^\\[\\d+:\\d\\d\\] ${n + 1}/3 ${id} step-${n + 1} PASS · typecheck ok · `, 'm').exec(run.output)
      expect(verdict?.index).toBeLessThan(table)
    }
  })

  test('shows the counterfeits of each step caught, and by which test', () => {
    expect(row(run.output, '01.02')).toContain('2/2 caught')
    expect(run.output).toContain('counterfeit 01.02 hard-coded-zero: Returns a constant that is not the answer')
    expect(run.output).toContain('✔ tests/01.02.step2.test.ts › step2 returns 2')
  })
})

describe('validator on a broken workshop', () => {
  const breakages: Breakage[] = [
    'none',
    'problem-passes',
    'solution-fails',
    'problem-compile-error',
    'problem-contract-fails',
    'tests-drifted',
    'continuity-broken',
    'missing-readme',
    'counterfeit-gets-through',
    'counterfeit-stale',
    'too-few-counterfeits',
    'support-drifted',
    'stray-file',
  ]
  let run: { status: number | null; output: string }
  beforeAll(() => {
    const root = path.join(tools, 'test', '.tmp', 'broken')
    writeFixtureWorkshop(root, breakages)
    fs.appendFileSync(path.join(root, 'solutions', 'README.md'), '| 01.99 a step that is gone |\n')
    run = validateWorkshop(root)
  }, 180_000)

  test('counts the failed steps and exits non-zero', () => {
    expect(run.output).toMatch(/^1 passed, 13 failed$/m)
    expect(run.status).toBe(1)
  })

  test('passes the one correct step', () => {
    expect(row(run.output, '01.01')).toMatch(/PASS$/)
  })

  test('prints a failed step’s first finding as soon as it is judged, and all of them after the table', () => {
    const early = run.output.indexOf('    problem: practice test passes without the work: tests/01.02.step2.test.ts')
    expect(early).toBeGreaterThan(-1)
    expect(early).toBeLessThan(run.output.indexOf('\nstep '))
  })

  test('catches a problem whose practice test passes without the work', () => {
    expect(findings(run.output, '01.02')).toContain('practice test passes without the work: tests/01.02.step2.test.ts')
  })

  test('catches a solution that fails its tests', () => {
    expect(findings(run.output, '01.03')).toContain('solution: tests/01.03.step3.test.ts › step3 returns 3')
  })

  test('catches a problem that does not compile', () => {
    expect(row(run.output, '01.04')).toContain('1 errors')
    expect(findings(run.output, '01.04')).toMatch(/problem typecheck: src\/app\.ts:\d+:\d+ Type 'string' is not assignable/)
  })

  test('catches a problem that breaks a contract test', () => {
    expect(findings(run.output, '01.05')).toContain("a test outside this step's practice fails: tests/contract/base.test.ts")
  })

  test('catches test files that drifted between problem and solution', () => {
    expect(findings(run.output, '01.06')).toContain('tests/01.06.step6.test.ts differs between problem and solution')
  })

  test('catches a problem that is not the previous solution plus guidance', () => {
    expect(findings(run.output, '01.07')).toContain('continuity with 01.06 solution: src/app.ts')
  })

  test('catches a file new in the problem that the solution does not have', () => {
    expect(findings(run.output, '01.13')).toContain(
      'continuity with 01.12 solution: src/stray.ts is in this problem but not in the previous solution',
    )
  })

  test('catches a missing README', () => {
    expect(findings(run.output, '01.08')).toContain('solution has no README.mdx')
  })

  test('names a counterfeit that gets through', () => {
    expect(row(run.output, '01.09')).toContain('2/3 caught')
    expect(findings(run.output, '01.09')).toContain(
      'counterfeit the-real-thing (tools/counterfeits/01.09/the-real-thing.patch: Does the work (so no test can catch it)) got through',
    )
  })

  test('reports a counterfeit that no longer applies to its problem', () => {
    expect(findings(run.output, '01.10')).toMatch(/counterfeit stale .* could not be used: the patch no longer applies to src\/app\.ts/)
  })

  test('runs again the tests that load a support file which drifted from the previous solution', () => {
    // The contract test loads the drifted file and runs again (and fails, as it should);
    // the step tests load only src/ and are taken from 01.11's run.
    expect(row(run.output, '01.12')).toContain('(11 files from 01.11)')
    expect(findings(run.output, '01.12')).toContain(
      "problem: a test outside this step's practice fails: tests/contract/base.test.ts › base returns 0",
    )
  })

  test('catches a solutions index that is out of date', () => {
    expect(run.output).toContain('solutions/README.md is out of date with exercises/: run npm run solutions:index')
  })

  test('asks for at least two counterfeits per step', () => {
    expect(findings(run.output, '01.11')).toContain('1 counterfeit(s) in tools/counterfeits/01.11/: keep at least 2')
  })
})
