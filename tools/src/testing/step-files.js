// @ts-check
/**
 * Which step an app is, and what each of its test files is to that step: the one
 * rule the step sequencer (this step's files start first) and the step reporter
 * (its summary) share.
 *
 * - **this step**: `tests/NN.MM.*.test.ts` of the app's own step (`@conduit/NN.MM.problem`
 *   or `.solution` in package.json; where the name says no step, the highest NN.MM there is);
 * - **earlier steps**: the practice files of the steps before it, kept as regression tests;
 * - **contract**: `tests/contract/`, the Conduit API against its specification;
 * - **other**: the remaining tests (shared suites such as `tests/cache/`).
 *
 * JavaScript, not TypeScript, with its types in step-files.d.ts: each app's
 * vitest.config.ts imports the sequencer, and Vite loads a config's package imports
 * with Node's own loader, which cannot read TypeScript (Node 20 to 22.5).
 */
import fs from 'node:fs'
import path from 'node:path'
import { BaseSequencer } from 'vitest/node'

/** @param {string} file */
export function practiceStep(file) {
  return /^(\d{2}\.\d{2})\.[^/\\]*\.test\.[cm]?[jt]s$/.exec(path.basename(file))?.[1]
}

/** @param {string} root */
export function packageStep(root) {
  try {
    const { name } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
    return typeof name === 'string' ? /(?:^|[/.@-])(\d{2}\.\d{2})\.(?:problem|solution)$/.exec(name)?.[1] : undefined
  } catch {
    return undefined
  }
}

/**
 * @param {string} root
 * @param {readonly string[]} [files]
 * @returns {import('./step-files.js').StepFiles}
 */
export function stepFiles(root, files = []) {
  const steps = files.map(practiceStep).filter((step) => step !== undefined)
  const step = packageStep(root) ?? steps.sort().at(-1)
  return {
    step,
    roleOf(file) {
      const own = practiceStep(file)
      if (own !== undefined) return own === step ? 'this step' : own < (step ?? '') ? 'earlier steps' : 'other'
      const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join('/')
      return relative.startsWith('tests/contract/') ? 'contract' : 'other'
    },
  }
}

/**
 * The order a step app's test files start in: this step's practice files first, so
 * their result is the first a learner reads, then the rest in Vitest's own order
 * (files that failed last time, then the slowest, which packs the workers best).
 * Set in each app's vitest.config.ts as `sequence: { sequencer: StepSequencer }`.
 */
export class StepSequencer extends BaseSequencer {
  /** @param {import('vitest/node').TestSpecification[]} files */
  async sort(files) {
    const sorted = await super.sort(files)
    /** @type {Map<string, import('./step-files.js').StepFiles>} */
    const byRoot = new Map()
    /** @param {import('vitest/node').TestSpecification} spec */
    const isOwn = (spec) => {
      const root = spec.project.config.root
      let classified = byRoot.get(root)
      if (!classified) {
        classified = stepFiles(root, files.filter((file) => file.project.config.root === root).map((file) => file.moduleId))
        byRoot.set(root, classified)
      }
      return classified.roleOf(spec.moduleId) === 'this step'
    }
    // Stable: each group keeps Vitest's order within it.
    return [...sorted.filter(isOwn), ...sorted.filter((spec) => !isOwn(spec))]
  }
}
