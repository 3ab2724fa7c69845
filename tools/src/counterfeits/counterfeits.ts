/**
 * Counterfeits: the cheapest changes to a step's problem that a careless suite
 * would accept without the practice (tools/counterfeits/README.md). Each is a
 * unified diff against the problem folder with a description above it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { applyPatch, createTwoFilesPatch, parsePatch } from 'diff'
import { copyAuthoredFiles, listAuthoredFiles } from '../app-files.js'
import { mergeThreeWay } from '../merge.js'

export interface Counterfeit {
  stepId: string
  /** kebab-case, the file name without .patch */
  name: string
  file: string
  /** The first line of the description: what the trick is. */
  summary: string
  /**
   * The variables of the real servers that the tests catching it need (`Needs: REDIS_URL`
   * on a line of the description): without them it is reported as not run, as those tests are.
   */
  needs: string[]
}

/** The variables a description's `Needs:` line names (`Needs: REDIS_URL, DATABASE_URL_PG`). */
export function neededVariables(description: string): string[] {
  const line = /^Needs:\s*(.+)$/m.exec(description)?.[1] ?? ''
  return line
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/
const DIFF_START = /^(diff |Index: |--- |={10,})/

export function counterfeitsDir(root: string, stepId: string): string {
  return path.join(root, 'tools', 'counterfeits', stepId)
}

/** Where the validator and `counterfeit try` put their copies (git-ignored). */
export function scratchRoot(root: string): string {
  return path.join(root, '.counterfeits')
}

export function checkName(name: string): void {
  if (!NAME.test(name)) throw new Error(`The counterfeit name "${name}" should be kebab-case, like hard-coded-message.`)
}

/** The description above the diff, and the diff itself. */
export function splitPatch(text: string): { description: string; diff: string } {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => DIFF_START.test(line))
  if (start < 0) return { description: text.trim(), diff: '' }
  return { description: lines.slice(0, start).join('\n').trim(), diff: lines.slice(start).join('\n') }
}

/** The counterfeits kept for a step, by name. */
export function listCounterfeits(root: string, stepId: string): Counterfeit[] {
  const dir = counterfeitsDir(root, stepId)
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.patch'))
    .sort()
    .map((file) => {
      const { description } = splitPatch(fs.readFileSync(path.join(dir, file), 'utf8'))
      return {
        stepId,
        name: file.slice(0, -'.patch'.length),
        file: path.join(dir, file),
        summary: description.split('\n')[0]?.trim() || '(no description)',
        needs: neededVariables(description),
      }
    })
}

const withoutPrefix = (name: string | undefined): string | undefined =>
  name === undefined || name === '/dev/null' ? undefined : name.replace(/^[ab]\//, '').split('\t')[0]

/**
 * Applies a counterfeit's diff to `appDir`, exactly: a hunk whose context is not
 * there fails the whole patch (nothing half-applied is used). Throws with the
 * file that did not take it.
 */
export function applyCounterfeit(patchText: string, appDir: string): string[] {
  const { diff } = splitPatch(patchText)
  const patches = parsePatch(diff).filter((patch) => patch.hunks.length > 0)
  if (patches.length === 0) throw new Error('the patch has no diff in it')
  const writes = new Map<string, string | undefined>()
  for (const patch of patches) {
    const oldName = withoutPrefix(patch.oldFileName)
    const newName = withoutPrefix(patch.newFileName)
    const target = newName ?? oldName
    if (!target) throw new Error('a file in the patch has no name')
    if (path.isAbsolute(target) || target.split('/').includes('..')) {
      throw new Error(`the patch names ${target}, outside the app`)
    }
    const before = oldName ? readIfExists(path.join(appDir, oldName)) : ''
    if (before === undefined) throw new Error(`the patch changes ${oldName}, which the problem does not have`)
    const after = applyPatch(before, patch)
    if (after === false) throw new Error(`the patch no longer applies to ${target}: the problem changed since it was written`)
    writes.set(target, newName ? after : undefined)
  }
  for (const [file, text] of writes) {
    const full = path.join(appDir, file)
    if (text === undefined) fs.rmSync(full, { force: true })
    else {
      fs.mkdirSync(path.dirname(full), { recursive: true })
      fs.writeFileSync(full, text)
    }
  }
  return [...writes.keys()]
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
}

/** The files a counterfeit's diff reads (as the problem had them) and writes. */
function patchedFiles(patchText: string): string[] {
  const { diff } = splitPatch(patchText)
  const names = parsePatch(diff).flatMap((patch) => [withoutPrefix(patch.oldFileName), withoutPrefix(patch.newFileName)])
  return [...new Set(names.filter((name): name is string => name !== undefined))]
}

export type Rebased = { patch: string; conflicts: [] } | { patch: undefined; conflicts: string[] }

/**
 * A counterfeit written for an older problem, carried onto the problem as it is now:
 * the diff is applied to the files as they were (`before`, by path; undefined where the
 * old problem had no such file), and what it changed there is merged three-way into the
 * current files. The result is the new patch, description kept, or the files where the
 * counterfeit and the problem changed the same lines.
 */
export function rebaseCounterfeit(patchText: string, problemDir: string, before: (file: string) => string | undefined): Rebased {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'counterfeit-rebase-'))
  try {
    const old = path.join(work, 'old')
    const files = patchedFiles(patchText)
    for (const file of files) {
      const text = before(file)
      if (text === undefined) continue
      fs.mkdirSync(path.dirname(path.join(old, file)), { recursive: true })
      fs.writeFileSync(path.join(old, file), text)
    }
    applyCounterfeit(patchText, old)
    const tree = path.join(work, 'new')
    copyAuthoredFiles(problemDir, tree)
    const conflicts: string[] = []
    for (const file of files) {
      const base = before(file)
      const theirs = readIfExists(path.join(old, file))
      const target = path.join(tree, file)
      const mine = readIfExists(target)
      if (theirs === mine) continue
      let result: string | undefined | null
      if (theirs === undefined) result = mine === base ? undefined : null
      else if (base === undefined || mine === undefined) result = mine === undefined && base === undefined ? theirs : null
      else result = mergeThreeWay(mine, base, theirs) ?? null
      if (result === null) conflicts.push(file)
      else if (result === undefined) fs.rmSync(target, { force: true })
      else {
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.writeFileSync(target, result)
      }
    }
    if (conflicts.length > 0) return { patch: undefined, conflicts }
    const { description } = splitPatch(patchText)
    return { patch: `${description.trim()}\n\n${diffApps(problemDir, tree)}`, conflicts: [] }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/** The differences of `changedDir` from `problemDir`, as a patch: authored files only. */
export function diffApps(problemDir: string, changedDir: string): string {
  const before = new Set(listAuthoredFiles(problemDir))
  const after = new Set(listAuthoredFiles(changedDir))
  const parts: string[] = []
  for (const file of [...new Set([...before, ...after])].sort()) {
    const old = before.has(file) ? fs.readFileSync(path.join(problemDir, file), 'utf8') : undefined
    const now = after.has(file) ? fs.readFileSync(path.join(changedDir, file), 'utf8') : undefined
    if (old === now) continue
    const patch = createTwoFilesPatch(
      old === undefined ? '/dev/null' : `a/${file}`,
      now === undefined ? '/dev/null' : `b/${file}`,
      old ?? '',
      now ?? '',
      undefined,
      undefined,
      { context: 3 },
    )
    // jsdiff starts each file with a row of '='; git's header says the same more plainly.
    parts.push(`diff --git a/${file} b/${file}\n${patch.split('\n').slice(1).join('\n')}`)
  }
  return parts.join('')
}

/**
 * A runnable copy of a problem at `dest`, under its own package name (so Vitest
 * tells its project apart): its authored files and its generated Prisma client. It
 * sits inside the workshop, so packages and the shared prisma/ folder resolve as
 * they do for the step itself.
 */
export function copyProblem(problemDir: string, dest: string, packageName: string): void {
  fs.rmSync(dest, { recursive: true, force: true })
  copyAuthoredFiles(problemDir, dest)
  const generated = path.join(problemDir, 'src', 'generated')
  if (fs.existsSync(generated)) fs.cpSync(generated, path.join(dest, 'src', 'generated'), { recursive: true })
  const manifest = path.join(dest, 'package.json')
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, unknown>
  fs.writeFileSync(manifest, `${JSON.stringify({ ...pkg, name: packageName }, null, 2)}\n`)
}
