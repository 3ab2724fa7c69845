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

/**
 * What a test run tells while it goes (the validator's progress and its early
 * verdicts), by app folder. Every app is reported finished exactly once, with its
 * whole result: when its last planned file has ended, or at the end of the run.
 */
export interface TestRunListener {
  /** Vitest has listed the files it will run: how many in all. */
  planned?(files: number): void
  /** A test file of this app went to a worker. */
  fileStarted?(appDir: string): void
  fileFinished?(appDir: string): void
  /** Every test file of this app has finished (an app with none finishes when the run is planned). */
  appFinished?(appDir: string, result: AppTestResult): void
}

function packageName(appDir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { name: string }).name
}

/**
 * Runs the tests of many apps in one Vitest process, one project per app, and
 * returns what each test file did. One process is much faster than one per app:
 * Vitest, Vite and the template database start once.
 */
export async function runAppTests(
  runs: AppRun[],
  cacheDir: string,
  listener: TestRunListener = {},
): Promise<Map<string, AppTestResult>> {
  const results = new Map<string, AppTestResult>(runs.map((run) => [run.dir, { files: [] }]))
  if (runs.length === 0) return results

  fs.mkdirSync(cacheDir, { recursive: true })
  // One config per validator process, so two runs at once do not share it.
  const configFile = path.join(cacheDir, `vitest.validate.${process.pid}.config.mjs`)
  const byName = new Map<string, string>()
  // Each project is the app's own vitest.config.ts, without a mutation run's sandbox
  // (npm run mutate), and with an include list when only some files should run.
  const projects = runs.map((run, index) => {
    // Vitest runs projects in the order of their names: prefixed with the index, they
    // run in the order given (the validator's: step by step, so verdicts come early).
    const name = `${String(index).padStart(4, '0')} ${packageName(run.dir)}`
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

  // Each file's result is taken when it ends, so an app is known as soon as its last
  // file is; files are kept in Vitest's listing order, as its end-of-run list has them.
  const order = new Map<string, number>()
  const left = new Map<string, number>(runs.map((run) => [run.dir, 0]))
  const collected = new Set<string>()
  const take = (module: TestModule): string | undefined => {
    const app = byName.get(module.project.name)
    const key = `${module.project.name}\0${module.moduleId}`
    if (!app || collected.has(key)) return undefined
    collected.add(key)
    results.get(app)?.files.push(collect(module, app))
    return app
  }
  const finish = (app: string): void => {
    const result = results.get(app)!
    result.files.sort((a, b) => (order.get(`${app}\0${a.file}`) ?? 0) - (order.get(`${app}\0${b.file}`) ?? 0))
    left.delete(app)
    listener.appFinished?.(app, result)
  }
  const collector: Reporter = {
    onTestRunStart(specifications) {
      specifications.forEach((spec, index) => {
        const app = byName.get(spec.project.name)
        if (!app) return
        order.set(`${app}\0${path.relative(app, spec.moduleId).split(path.sep).join('/')}`, index)
        left.set(app, (left.get(app) ?? 0) + 1)
      })
      listener.planned?.(specifications.length)
      for (const [app, count] of [...left]) if (count === 0) finish(app)
    },
    onTestModuleQueued(module) {
      const app = byName.get(module.project.name)
      if (app) listener.fileStarted?.(app)
    },
    onTestModuleEnd(module) {
      const app = take(module)
      if (!app) return
      listener.fileFinished?.(app)
      const count = left.get(app)
      if (count === undefined) return
      if (count <= 1) finish(app)
      else left.set(app, count - 1)
    },
    onTestRunEnd(modules) {
      for (const module of modules) take(module)
      for (const app of [...left.keys()]) finish(app)
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
  // A run that ended before its end-of-run report (Vitest failed to start) still finishes every app.
  for (const app of [...left.keys()]) finish(app)
  // A failing problem is expected; the validator decides the exit code.
  process.exitCode = exitCode
  return results
}
