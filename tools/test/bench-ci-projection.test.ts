import { describe, expect, test } from 'vitest'
import {
  CI_FIXED_STAGES,
  CURRICULUM_STEPS,
  formatCiProjection,
  growthFactor,
  lastStepsOfModules,
  lastStepsShare,
  LAST_CI_NPM_TEST,
  projectCi,
  solutionTestCounts,
} from '../src/bench/validate-time.js'

describe('projectCi', () => {
  test('the fixed stages and both npm tests add up to the last CI run (19 steps, 18.6 min)', () => {
    const perStep = (LAST_CI_NPM_TEST.node20 + LAST_CI_NPM_TEST.node26) / 2 / LAST_CI_NPM_TEST.steps
    const last = projectCi({ secondsPerStep: perStep, steps: LAST_CI_NPM_TEST.steps })
    expect(last.total / 60).toBeCloseTo(18.6, 1)
  })

  test('npm test scales with the steps, once on node 20 and once on node 26; the fixed stages do not', () => {
    const projection = projectCi({ secondsPerStep: 10 })
    const fixed = Object.values(CI_FIXED_STAGES).reduce((a, b) => a + b, 0)
    expect(projection).toEqual({
      steps: CURRICULUM_STEPS,
      node20Share: 1,
      npmTestNode20: 380,
      npmTestNode26: 380,
      fixed,
      total: 760 + fixed,
      target: 45 * 60,
      spare: 45 * 60 - 760 - fixed,
    })
  })

  test('a smaller node 20 leg, a share of the whole between 0 and 1', () => {
    expect(projectCi({ secondsPerStep: 10, node20Share: 0.25, fixed: {} })).toMatchObject({ npmTestNode20: 95, total: 475 })
    expect(projectCi({ secondsPerStep: 10, node20Share: 0, fixed: {} }).total).toBe(380)
    expect(projectCi({ secondsPerStep: 10, node20Share: 3, fixed: {} }).node20Share).toBe(1)
  })

  test("the last step of each module: its positions, and their share of the cost", () => {
    expect(lastStepsOfModules()).toEqual([3, 6, 9, 12, 15, 19, 22, 25, 28, 31, 34, 38])
    expect(lastStepsOfModules().at(-1)).toBe(CURRICULUM_STEPS)
    expect(lastStepsShare([1, 1, 1, 1], [2, 2])).toBeCloseTo(0.5)
    expect(lastStepsShare([1, 1, 1, 5], [2, 2])).toBeCloseTo(6 / 8)
  })

  test('spare is negative over the target', () => {
    expect(projectCi({ secondsPerStep: 40, fixed: { all: 300 }, targetMinutes: 45 }).spare).toBe(2700 - 3340)
  })
})

describe('formatCiProjection', () => {
  test('prints each part, the total against the target, and the last CI run’s pace for comparison', () => {
    const lines = formatCiProjection(
      projectCi({ secondsPerStep: 12.5, fixed: { all: 300 } }),
      12.5,
      projectCi({ secondsPerStep: 449 / 19, fixed: { all: 300 } }),
    )
    expect(lines).toEqual([
      'CI projection (.ci/run) for 38 steps, at 12.5 s per step:',
      '  npm test (node 26):          38 × 12.5 s = 7.9 min (every step)',
      '  npm test (node 20):          7.9 min (every step)',
      "  fixed stages:                5.0 min (the last CI run's: install, browser, lint, typecheck, tools' tests)",
      '  .ci/run:                     20.8 min (target ≤ 45.0 min: 24.2 min to spare)',
      "  at the last CI run's pace:   34.9 min (23.6 s per step: npm test 449 s for 19 steps on node 20)",
    ])
  })

  test("names Node 20's smaller path and its share", () => {
    const lines = formatCiProjection(projectCi({ secondsPerStep: 10, node20Share: 0.4, fixed: {} }), 10)
    expect(lines[2]).toBe('  npm test (node 20):          2.5 min (the last step of each module, 40 % of the cost)')
  })

  test('says by how much it is over', () => {
    const [, , , , total] = formatCiProjection(projectCi({ secondsPerStep: 40, fixed: { all: 300 } }), 40)
    expect(total).toBe('  .ci/run:                     55.7 min (target ≤ 45.0 min: 10.7 min over)')
  })
})

describe('the projection as the suites grow', () => {
  test('steady suites project as many times the measured cost as there are times the steps', () => {
    expect(growthFactor([100, 100], 4)).toBeCloseTo(2)
  })

  test('suites that grow by a step each cost more the later the step', () => {
    // 1, 2 measured; 3 and 4 extrapolated: (1+2+3+4)/(1+2)
    expect(growthFactor([1, 2], 4)).toBeCloseTo(10 / 3)
  })

  test('reads the solution test counts off the final table', () => {
    const table = [
      'step               typecheck  solution tests  problem tests',
      '01.01 app-factory  ok         190/190 pass    9/9 practice fail, 181/181 other pass',
      '06.04 http-and-redis  ok      625/646 pass    7/7 practice fail',
    ].join('\n')
    expect(solutionTestCounts(table)).toEqual([190, 646])
  })
})
