/**
 * The set-up writes the workshop app's record of which step the playground holds
 * (node_modules/.cache/epicshop/playground.json), a file private to the app. This
 * reads it back through the pinned app's own API, so a version of the app that
 * stores it differently fails here, not in front of a learner.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import { ensurePlayground } from '../src/setup/playground.js'
import { writeFixtureWorkshop } from './fixture-workshop.js'

const workshop = path.resolve(import.meta.dirname, '..', '..')
const root = path.resolve(import.meta.dirname, '.tmp', 'playground')
const appsServer = path.join(workshop, 'epicshop', 'node_modules', '@epic-web', 'workshop-utils', 'dist', 'apps.server.js')

/** Asks the workshop app's own code which step the playground holds, and where that step lives. */
function askWorkshopApp(): { appName: string | null; fullPath: string | null } {
  const script = `const apps = await import(${JSON.stringify(pathToFileURL(appsServer).href)})
const appName = await apps.getPlaygroundAppName()
const fullPath = appName ? await apps.getFullPathFromAppName(appName) : null
console.log(JSON.stringify({ appName, fullPath }))`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, EPICSHOP_CONTEXT_CWD: root },
  })
  if (result.status !== 0) throw new Error(`the workshop app's API failed: ${result.stderr}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { appName: string | null; fullPath: string | null }
}

beforeAll(() => {
  writeFixtureWorkshop(root, ['none', 'none'])
  fs.copyFileSync(path.join(workshop, 'package.json'), path.join(root, 'package.json'))
})

describe('the playground record', () => {
  test('is read by the pinned workshop app as the first problem', () => {
    expect(ensurePlayground(root)).toEqual({ state: 'set', step: '01.01' })
    const answer = askWorkshopApp()
    expect(answer.appName).toBe('01.01.problem')
    expect(answer.fullPath).toBe(path.join(root, 'exercises', '01.basics', '01.problem.step-1'))
  })

  test('is left alone, with the playground, once the playground has files', () => {
    fs.writeFileSync(path.join(root, 'playground', 'mine.ts'), 'my work\n')
    expect(ensurePlayground(root)).toEqual({ state: 'kept', step: undefined })
    expect(fs.readFileSync(path.join(root, 'playground', 'mine.ts'), 'utf8')).toBe('my work\n')
  })
})
