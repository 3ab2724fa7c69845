import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Reporter, TestModule } from 'vitest/node'
import { configDefaults } from 'vitest/config'
import { startVitest } from 'vitest/node'
import { MUTATE_DIR } from '../app-files.js'

export interface FailedTest {
  name: string
  message: string
}

export interface FileResult {
  /** Path relative to the app, with forward slashes: tests/contract/users.test.ts */
  file: string
  passed: string[]
  failed: FailedTest[]
  /** Set when the file failed before its tests ran (an import or a top-level throw). */
  loadError: string | undefined
}

export interface AppTestResult {
  files: FileResult[]
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim()
}

function collect(module: TestModule, appDir: string): FileResult {
  const passed: string[] = []
  const failed: FailedTest[] = []
  for (const test of module.children.allTests()) {
    const result = test.result()
    if (result.state === 'passed') passed.push(test.fullName)
    else if (result.state === 'failed') {
      failed.push({ name: test.fullName, message: firstLine(result.errors[0]?.message ?? 'failed') })
    }
  }
  const moduleErrors = module.errors()
  return {
    file: path.relative(appDir, module.moduleId).split(path.sep).join('/'),
    passed,
    failed,
    loadError: moduleErrors.length > 0 ? firstLine(moduleErrors[0]?.message ?? 'failed to load') : undefined,
  }
}

/** One app to test, and optionally only some of its test files (paths relative to it). */
export interface AppRun {
  dir: string
  only?: string[] | undefined
  /** Skip the rest of a worker's tests once one has failed (a counterfeit's run). */
  stopAtFirstFailure?: boolean
}

const STOP_AT_FIRST_FAILURE = path.join(import.meta.dirname, 'stop-at-first-failure.ts')

function packageName(appDir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { name: string }).name
}

/**
 * Runs the tests of many apps in one Vitest process, one project per app, and
 * returns what each test file did. One process is much faster than one per app:
 * Vitest, Vite and the template database start once.
 */
export async function runAppTests(runs: AppRun[], cacheDir: string): Promise<Map<string, AppTestResult>> {
  const results = new Map<string, AppTestResult>(runs.map((run) => [run.dir, { files: [] }]))
  if (runs.length === 0) return results

  fs.mkdirSync(cacheDir, { recursive: true })
  // One config per validator process, so two runs at once do not share it.
  const configFile = path.join(cacheDir, `vitest.validate.${process.pid}.config.mjs`)
  const byName = new Map<string, string>()
  // Each project is the app's own vitest.config.ts, without a mutation run's sandbox
  // (npm run mutate), and with an include list when only some files should run.
  const projects = runs.map((run) => {
    const name = packageName(run.dir)
    byName.set(name, run.dir)
    // All apps in one group, so two apps' files run side by side and no core waits
    // while the next app's first worker starts. An app's files share workers (isolate:
    // false, as its own config says), but a worker never goes on to another app's
    // files: Vitest (4.1) hands a finished worker only to a file of the same project,
    // so a module mock of a package (jsonwebtoken, say) made for one app's test file
    // is never what the same file of another app gets.
    const test = {
      name,
      root: run.dir,
      exclude: [...configDefaults.exclude, `**/${MUTATE_DIR}/**`],
      // Added to the app's own setup files: a project's arrays extend its config's.
      ...(run.stopAtFirstFailure ? { setupFiles: [STOP_AT_FIRST_FAILURE] } : {}),
      ...(run.only ? { include: run.only } : {}),
    }
    return { extends: path.join(run.dir, 'vitest.config.ts'), test }
  })
  // Vitest's default leaves a core idle; test files here wait on SQLite and HTTP, so use them all.
  const config = { test: { projects, maxWorkers: os.availableParallelism() } }
  fs.writeFileSync(configFile, `export default ${JSON.stringify(config, null, 2)}\n`)

  const collector: Reporter = {
    onTestRunEnd(modules) {
      for (const module of modules) {
        const app = byName.get(module.project.name)
        if (app) results.get(app)?.files.push(collect(module, app))
      }
    },
  }

  const exitCode = process.exitCode
  const vitest = await startVitest('test', [], {
    config: configFile,
    run: true,
    watch: false,
    reporters: [collector],
    silent: true,
  })
  await vitest.close()
  fs.rmSync(configFile, { force: true })
  // A failing problem is expected; the validator decides the exit code.
  process.exitCode = exitCode
  return results
}
