import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { listAuthoredFiles } from '../app-files.js'
import { mergeThreeWay } from '../merge.js'
import { readSteps } from '../workshop.js'

export type Outcome = 'applied' | 'merged' | 'added' | 'deleted' | 'already' | 'conflict' | 'absent'

export interface CarryReport {
  app: string
  file: string
  outcome: Outcome
}

export interface FileChange {
  /** Relative to the app. */
  file: string
  /** Undefined for a new file. */
  before: string | undefined
  /** Undefined for a deleted file. */
  after: string | undefined
}

/** The apps after `appDir`, in workshop order: later problems and solutions. */
export function appsAfter(root: string, appDir: string): string[] {
  const apps = readSteps(root).flatMap((step) => [step.problemDir, step.solutionDir]).filter((d): d is string => !!d)
  const index = apps.indexOf(path.resolve(appDir))
  if (index < 0) throw new Error(`${appDir} is not a problem or solution folder of this workshop.`)
  return apps.slice(index + 1)
}

/**
 * Carries changes forward through later steps. Where a later copy of the file
 * still reads as before the change, it is replaced; where it has moved on, the
 * change is merged three-way; where that conflicts, the file is left alone and
 * reported, so nothing an author wrote in a later step is overwritten.
 */
export function carryForward(root: string, appDir: string, changes: FileChange[]): CarryReport[] {
  const reports: CarryReport[] = []
  for (const app of appsAfter(root, appDir)) {
    for (const change of changes) {
      const report = (outcome: Outcome): void => {
        reports.push({ app: path.relative(root, app), file: change.file, outcome })
      }
      const target = path.join(app, change.file)
      const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined
      if (current === change.after) report('already')
      else if (change.before === undefined) {
        // A new file: added where the later step has none, never written over one it has.
        if (current !== undefined) report('conflict')
        else {
          fs.mkdirSync(path.dirname(target), { recursive: true })
          fs.writeFileSync(target, change.after!)
          report('added')
        }
      } else if (current === undefined) report('absent')
      else if (change.after === undefined) {
        // A deleted file goes only where the later copy is still the one deleted.
        if (current === change.before) {
          fs.rmSync(target)
          report('deleted')
        } else report('conflict')
      } else if (current === change.before) {
        fs.writeFileSync(target, change.after)
        report('applied')
      } else {
        const merged = mergeThreeWay(current, change.before, change.after)
        if (merged === undefined) report('conflict')
        else {
          fs.writeFileSync(target, merged)
          report('merged')
        }
      }
    }
  }
  return reports
}

/**
 * The uncommitted edits in an app: changed and deleted files git tracks, and new
 * files it does not track yet (git-ignored ones aside), each as committed and as
 * it is now.
 */
export function uncommittedChanges(root: string, appDir: string): FileChange[] {
  const relativeApp = path.relative(root, appDir).split(path.sep).join('/')
  const git = (args: string[]): string[] =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean)
  const fileOf = (name: string): string => path.relative(relativeApp, name).split(path.sep).join('/')
  const read = (name: string): string | undefined =>
    fs.existsSync(path.join(root, name)) ? fs.readFileSync(path.join(root, name), 'utf8') : undefined
  const changed = git(['diff', '--name-only', 'HEAD', '--', relativeApp]).map((name) => ({
    file: fileOf(name),
    before: execFileSync('git', ['show', `HEAD:${name}`], { cwd: root, encoding: 'utf8' }),
    after: read(name),
  }))
  const added = git(['ls-files', '--others', '--exclude-standard', '--', relativeApp]).map((name) => ({
    file: fileOf(name),
    before: undefined,
    after: read(name),
  }))
  return [...changed, ...added]
}

/** package.json with another app's name: a rename is not a change to carry. */
function named(text: string, like: string): string {
  const name = (JSON.parse(like) as { name?: unknown }).name
  return `${JSON.stringify({ ...(JSON.parse(text) as object), name }, null, 2)}\n`
}

/**
 * What an app changed since an earlier one (`toDir` against `fromDir`): every authored
 * file added, changed or deleted, READMEs aside (each step has its own). How a module
 * built beside an earlier one is brought up to date: the earlier module's changes,
 * first solution before it to last solution, carried through the later module's apps.
 */
export function changesBetween(fromDir: string, toDir: string): FileChange[] {
  const read = (dir: string, file: string): string | undefined =>
    fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), 'utf8') : undefined
  const files = new Set([...listAuthoredFiles(fromDir), ...listAuthoredFiles(toDir)])
  const changes: FileChange[] = []
  for (const file of [...files].sort()) {
    if (file.endsWith('README.mdx')) continue
    const before = read(fromDir, file)
    let after = read(toDir, file)
    if (file === 'package.json' && before !== undefined && after !== undefined) {
      if (named(after, before) === named(before, before)) continue
      after = named(after, before)
    }
    if (before !== after) changes.push({ file, before, after })
  }
  return changes
}
