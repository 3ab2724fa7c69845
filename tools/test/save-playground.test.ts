/**
 * "Set to Playground" copies a step over playground/, overwriting what the
 * learner changed there. epicshop/pre-set-playground.js, which the workshop app
 * runs just before that copy, saves the playground first into
 * saved-playgrounds/ when it holds any change of the learner's. These tests run
 * the pinned app's own setPlayground on a small workshop, so they also prove the
 * app still runs the hook before it copies.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, test } from 'vitest'
import { writeFiles } from './write-files.js'

const workshop = path.resolve(import.meta.dirname, '..', '..')
const tmp = path.resolve(import.meta.dirname, '.tmp', 'save-playground')
const root = path.join(tmp, 'workshop')
// The learner's machine-wide epicshop data (preferences), kept apart from the real one.
const home = path.join(tmp, 'home')
const appsServer = pathToFileURL(
  path.join(workshop, 'epicshop', 'node_modules', '@epic-web', 'workshop-utils', 'dist', 'apps.server.js'),
).href
const hook = pathToFileURL(path.join(workshop, 'epicshop', 'pre-set-playground.js')).href
const problem = path.join(root, 'exercises', '01.basics', '01.problem.first')

const step = (type: string) => ({
  'package.json': JSON.stringify({ name: `fixture-${type}`, private: true, scripts: { test: 'vitest' } }),
  'README.mdx': `# First step (${type})\n`,
  'src/app.ts': `export const answer = '${type}'\n`,
  'tests/app.test.ts': `// tests of the ${type}\n`,
})

/** Sets the playground to the problem with the pinned app's own setPlayground. */
function setPlayground(): { status: number | null; output: string } {
  const script = `const { setPlayground } = await import(${JSON.stringify(appsServer)})
await setPlayground(${JSON.stringify(problem)})
process.exit(0)`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      EPICSHOP_CONTEXT_CWD: root,
      HOME: home,
      XDG_STATE_HOME: path.join(home, 'state'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      TMPDIR: path.join(home, 'tmp'),
    },
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

function saved(): string[] {
  const dir = path.join(root, 'saved-playgrounds')
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isDirectory())
}

const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8')

beforeEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
  for (const dir of ['state', 'cache', 'tmp']) fs.mkdirSync(path.join(home, dir), { recursive: true })
  writeFiles(root, {
    'package.json': JSON.stringify({
      name: 'fixture-workshop',
      private: true,
      type: 'module',
      epicshop: { title: 'Fixture', githubRepo: 'https://github.com/example/fixture' },
    }),
    'exercises/README.mdx': '# Fixture\n',
    'exercises/01.basics/README.mdx': '# Basics\n',
    ...Object.fromEntries(
      Object.entries(step('problem')).map(([f, t]) => [`exercises/01.basics/01.problem.first/${f}`, t]),
    ),
    ...Object.fromEntries(
      Object.entries(step('solution')).map(([f, t]) => [`exercises/01.basics/01.solution.first/${f}`, t]),
    ),
    // The playground as the problem left it, and the app's record of it.
    ...Object.fromEntries(Object.entries(step('problem')).map(([f, t]) => [`playground/${f}`, t])),
    'node_modules/.cache/epicshop/playground.json': JSON.stringify({ appName: '01.01.problem' }),
    // The app runs <workshop root>/epicshop/pre-set-playground.js: ours.
    'epicshop/pre-set-playground.js': `import ${JSON.stringify(hook)}\n`,
  })
})

describe('Set to Playground over a playground with the learner’s work', () => {
  test('saves it into saved-playgrounds/ first, then sets the step', () => {
    writeFiles(root, {
      'playground/src/app.ts': "export const answer = 'mine'\n",
      'playground/src/extra.ts': 'export const mine = true\n',
      'playground/dev.db': 'data',
    })
    fs.rmSync(path.join(root, 'playground', 'tests', 'app.test.ts'))

    const result = setPlayground()
    expect(result.status, result.output).toBe(0)
    expect(result.output).toContain('(3 files of yours) was saved in saved-playgrounds/')

    // The app did its copy: the playground is the problem again, the learner's extra file gone.
    expect(read('playground/src/app.ts')).toBe("export const answer = 'problem'\n")
    expect(fs.existsSync(path.join(root, 'playground', 'src', 'extra.ts'))).toBe(false)

    const [copy, ...more] = saved()
    expect(more).toEqual([])
    expect(copy).toMatch(/^\d{4}\.\d\d\.\d\d_\d\d\.\d\d\.\d\d_01\.01\.problem$/)
    expect(read(`saved-playgrounds/${copy}/src/app.ts`)).toBe("export const answer = 'mine'\n")
    expect(read(`saved-playgrounds/${copy}/src/extra.ts`)).toBe('export const mine = true\n')
    expect(read(`saved-playgrounds/${copy}/dev.db`)).toBe('data')
    expect(read('saved-playgrounds/README.md')).toContain('just before the workshop\napp replaced it')
  })

  test('does not save a playground with no change of the learner’s (a database and .env secret are not changes)', () => {
    writeFiles(root, { 'playground/dev.db': 'data', 'playground/.env': 'JWT_SECRET=fresh\n' })
    const result = setPlayground()
    expect(result.status, result.output).toBe(0)
    expect(result.output).toContain('not saved: it is unchanged from 01.01.problem')
    expect(saved()).toEqual([])
  })

  test('counts any other change to .env as the learner’s', () => {
    writeFiles(root, { 'playground/.env': 'JWT_SECRET=fresh\nREDIS_URL=redis://127.0.0.1:6379\n' })
    expect(setPlayground().status).toBe(0)
    expect(saved()).toHaveLength(1)
  })

  test('saves it when the app has no record of what the playground was set from', () => {
    fs.rmSync(path.join(root, 'node_modules', '.cache', 'epicshop', 'playground.json'))
    expect(setPlayground().status).toBe(0)
    expect(saved()).toEqual([expect.stringMatching(/_playground$/)])
  })

  test('leaves the saving to the app when the learner turned on its Persist Playground', () => {
    writeFiles(home, {
      'state/epicshop/data.json': JSON.stringify({ preferences: { playground: { persist: true } } }),
    })
    writeFiles(root, { 'playground/src/app.ts': "export const answer = 'mine'\n" })
    const result = setPlayground()
    expect(result.status, result.output).toBe(0)
    expect(result.output).toContain('the workshop app saved it (Persist Playground is on)')
    const [copy, ...more] = saved() // the app's one copy, not two
    expect(more).toEqual([])
    expect(read(`saved-playgrounds/${copy}/src/app.ts`)).toBe("export const answer = 'mine'\n")
  })

  test('leaves the playground as it is when it cannot be saved', () => {
    writeFiles(root, { 'playground/src/app.ts': "export const answer = 'mine'\n", 'saved-playgrounds': 'not a folder' })
    const result = setPlayground()
    expect(result.status).not.toBe(0)
    expect(result.output).toContain('Could not save the playground before replacing it')
    expect(read('playground/src/app.ts')).toBe("export const answer = 'mine'\n")
  })
})
