/**
 * solutions/README.md: an instructor's index of every step's solution. The
 * solutions themselves stay beside their problems, where the workshop app looks
 * for them (DESIGN.md "Layout"); this page is written by the tools
 * (npm run solutions:index, and npm run step:new) and checked by npm test, so it
 * cannot go stale.
 */
import fs from 'node:fs'
import path from 'node:path'
import { practiceFiles } from './app-files.js'
import { listCounterfeits } from './counterfeits/counterfeits.js'
import { readModules } from './workshop.js'

export const SOLUTIONS_INDEX = path.join('solutions', 'README.md')

function titleOf(readme: string, fallback: string): string {
  if (!fs.existsSync(readme)) return fallback
  return /^# (.+)$/m.exec(fs.readFileSync(readme, 'utf8'))?.[1]?.trim() ?? fallback
}

const relative = (root: string, dir: string): string => path.relative(root, dir).split(path.sep).join('/')

export function renderSolutionsIndex(root: string): string {
  const out = [
    '# Solutions',
    '',
    'Every step\'s reference solution, for instructors. The solutions live beside their problems',
    '(`exercises/NN.module/NN.solution.slug/`), because that is where the workshop app finds them;',
    'this page only points at them. It is written by `npm run solutions:index` (and by',
    '`npm run step:new`), and `npm test` fails when it is out of date: do not edit it by hand.',
    '',
  ]
  for (const module of readModules(root)) {
    out.push(`## ${module.number} ${titleOf(path.join(module.dir, 'README.mdx'), path.basename(module.dir))}`, '')
    out.push('| step | solution | practice tests | counterfeits | validate |', '|---|---|---|---|---|')
    for (const step of module.steps) {
      const name = step.solutionDir ?? step.problemDir
      const title = name ? titleOf(path.join(name, 'README.mdx'), path.basename(name)) : step.id
      const solution = step.solutionDir ? `[${relative(root, step.solutionDir)}](../${relative(root, step.solutionDir)})` : '(missing)'
      const tests = step.solutionDir ? practiceFiles(step.solutionDir, step.id).map((f) => `\`${f}\``).join(', ') : ''
      const counterfeits = listCounterfeits(root, step.id).length
      const kept = `[${counterfeits}](../tools/counterfeits/${step.id})`
      out.push(`| ${step.id} ${title} | ${solution} | ${tests || '(none)'} | ${kept} | \`npm test -- ${step.id}\` |`)
    }
    out.push('')
  }
  return out.join('\n')
}

export function writeSolutionsIndex(root: string): string {
  const file = path.join(root, SOLUTIONS_INDEX)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, renderSolutionsIndex(root))
  return file
}

/** What is wrong with solutions/README.md, if anything. */
export function checkSolutionsIndex(root: string): string[] {
  const file = path.join(root, SOLUTIONS_INDEX)
  if (!fs.existsSync(file)) return [`${SOLUTIONS_INDEX} is missing: run npm run solutions:index`]
  if (fs.readFileSync(file, 'utf8') !== renderSolutionsIndex(root)) {
    return [`${SOLUTIONS_INDEX} is out of date with exercises/: run npm run solutions:index`]
  }
  return []
}

if (process.argv[1] === import.meta.filename) {
  const { findWorkshopRoot } = await import('./workshop.js')
  const root = findWorkshopRoot(import.meta.dirname)
  console.log(`Wrote ${path.relative(root, writeSolutionsIndex(root))}`)
}
