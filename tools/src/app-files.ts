import fs from 'node:fs'
import path from 'node:path'

/** Where `npm run mutate` keeps a run (Stryker's sandbox with copies of the tests). */
export const MUTATE_DIR = '.mutate'

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'generated', '.cache', 'coverage', MUTATE_DIR])
const SKIPPED_FILE = /\.db(-journal|-wal|-shm)?$|\.tsbuildinfo$|^\.env$/

/** Files an author wrote in an app, relative and with forward slashes, sorted. */
export function listAuthoredFiles(appDir: string): string[] {
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name))
      } else if (!SKIPPED_FILE.test(entry.name)) {
        files.push(path.relative(appDir, path.join(dir, entry.name)).split(path.sep).join('/'))
      }
    }
  }
  walk(appDir)
  return files.sort()
}

/** Copies an app's authored files (no dependencies, builds, databases or .env) into `to`. */
export function copyAuthoredFiles(from: string, to: string, keep: (file: string) => boolean = () => true): void {
  for (const file of listAuthoredFiles(from).filter(keep)) {
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true })
    fs.copyFileSync(path.join(from, file), path.join(to, file))
  }
}

export function readText(appDir: string, file: string): string {
  return fs.readFileSync(path.join(appDir, file), 'utf8')
}

/**
 * A step's practice tests: tests/NN.MM.<slug>.test.ts. This is the one place the
 * rule is spelled; the validator, the counterfeits and the scaffolder ask here.
 */
export function isPracticeFile(file: string, stepId: string): boolean {
  return file.startsWith(`tests/${stepId}.`) && file.endsWith('.test.ts')
}

/** The practice-test files a step app has for `stepId`. */
export function practiceFiles(appDir: string, stepId: string): string[] {
  return listAuthoredFiles(appDir).filter((file) => isPracticeFile(file, stepId))
}

/** The practice-test file a new step starts with. */
export function practiceFileName(stepId: string, slug: string): string {
  return `tests/${stepId}.${slug}.test.ts`
}
