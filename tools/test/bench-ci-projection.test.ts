import { describe, expect, test } from 'vitest'
import {
  CI_FIXED_STAGES,
  CURRICULUM_STEPS,
  formatCiProjection,
  LAST_CI_NPM_TEST,
  projectCi,
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
      node26Steps: CURRICULUM_STEPS,
      npmTestNode20: 380,
      npmTestNode26: 380,
      fixed,
      total: 760 + fixed,
      target: 45 * 60,
      spare: 45 * 60 - 760 - fixed,
    })
  })

  test('a smaller node 26 leg, and no more node 26 steps than there are steps', () => {
    expect(projectCi({ secondsPerStep: 10, node26Steps: 6, fixed: {} })).toMatchObject({ npmTestNode26: 60, total: 440 })
    expect(projectCi({ secondsPerStep: 10, node26Steps: 0, fixed: {} }).total).toBe(380)
    expect(projectCi({ secondsPerStep: 10, steps: 4, node26Steps: 9, fixed: {} }).node26Steps).toBe(4)
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
      '  npm test (node 20):          38 × 12.5 s = 7.9 min',
      '  npm test (node 26):          38 × 12.5 s = 7.9 min',
      "  fixed stages:                5.0 min (the last CI run's: install, browser, lint, typecheck, tools' tests)",
      '  .ci/run:                     20.8 min (target ≤ 45.0 min: 24.2 min to spare)',
      "  at the last CI run's pace:   34.9 min (23.6 s per step: npm test 449 s for 19 steps on node 20)",
    ])
  })

  test('says by how much it is over', () => {
    const [, , , , total] = formatCiProjection(projectCi({ secondsPerStep: 40, fixed: { all: 300 } }), 40)
    expect(total).toBe('  .ci/run:                     55.7 min (target ≤ 45.0 min: 10.7 min over)')
  })
})
