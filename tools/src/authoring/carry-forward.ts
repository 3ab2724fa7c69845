import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readSteps } from '../workshop.js'

export type Outcome = 'applied' | 'merged' | 'already' | 'conflict' | 'absent'

export interface CarryReport {
  app: string
  file: string
  outcome: Outcome
}

export interface FileChange {
  /** Relative to the app. */
  file: string
  before: string
  after: string
}

/** The apps after `appDir`, in workshop order: later problems and solutions. */
export function appsAfter(root: string, appDir: string): string[] {
  const apps = readSteps(root).flatMap((step) => [step.problemDir, step.solutionDir]).filter((d): d is string => !!d)
  const index = apps.indexOf(path.resolve(appDir))
  if (index < 0) throw new Error(`${appDir} is not a problem or solution folder of this workshop.`)
  return apps.slice(index + 1)
}

/** Three-way merge with git: the change from `before` to `after`, applied to `current`. */
function mergeThreeWay(current: string, before: string, after: string): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carry-'))
  try {
    const [mine, base, theirs] = ['current', 'before', 'after'].map((name) => path.join(dir, name)) as [string, string, string]
    fs.writeFileSync(mine, current)
    fs.writeFileSync(base, before)
    fs.writeFileSync(theirs, after)
    const result = spawnSync('git', ['merge-file', '-p', mine, base, theirs], { encoding: 'utf8' })
    return result.status === 0 ? result.stdout : undefined
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
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
      const target = path.join(app, change.file)
      const relativeApp = path.relative(root, app)
      if (!fs.existsSync(target)) {
        reports.push({ app: relativeApp, file: change.file, outcome: 'absent' })
        continue
      }
      const current = fs.readFileSync(target, 'utf8')
      if (current === change.after) {
        reports.push({ app: relativeApp, file: change.file, outcome: 'already' })
      } else if (current === change.before) {
        fs.writeFileSync(target, change.after)
        reports.push({ app: relativeApp, file: change.file, outcome: 'applied' })
      } else {
        const merged = mergeThreeWay(current, change.before, change.after)
        if (merged === undefined) reports.push({ app: relativeApp, file: change.file, outcome: 'conflict' })
        else {
          fs.writeFileSync(target, merged)
          reports.push({ app: relativeApp, file: change.file, outcome: 'merged' })
        }
      }
    }
  }
  return reports
}

/** The uncommitted edits to files git tracks in an app: each file as committed and as it is now. */
export function uncommittedChanges(root: string, appDir: string): FileChange[] {
  const relativeApp = path.relative(root, appDir).split(path.sep).join('/')
  const names = execFileSync('git', ['diff', '--name-only', 'HEAD', '--', relativeApp], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
  return names
    .filter((name) => fs.existsSync(path.join(root, name)))
    .map((name) => ({
      file: path.relative(relativeApp, name).split(path.sep).join('/'),
      before: execFileSync('git', ['show', `HEAD:${name}`], { cwd: root, encoding: 'utf8' }),
      after: fs.readFileSync(path.join(root, name), 'utf8'),
    }))
}
