import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Three-way merge with git: the change from `before` to `after`, applied to `current`.
 * Undefined when the two changes touch the same lines (a conflict for a person to settle).
 */
export function mergeThreeWay(current: string, before: string, after: string): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-'))
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
