/**
 * npm run test:browser — the workshop app in a real browser (Debian chromium
 * driven by playwright-core): the module list, a step page, the Tests tab running
 * the problem (red) and the solution (green) in the playground, every failing
 * test's name and 🚨 line of a step with races and app chatter (05.02) reaching the
 * Tests tab with the step's own result first, "Start App" on a step that needs
 * configuration (02.03) answering from the Playground tab, and the Diff tab.
 * Screenshots go to .ci-artifacts/screenshots/. It puts the first problem back in
 * the playground at the end, and refuses to run over a playground with work in it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { waitForNoProcessUnder } from '../processes.js'
import { findWorkshopRoot, readModules, readSteps } from '../workshop.js'

const root = findWorkshopRoot(import.meta.dirname)
const shots = path.join(root, '.ci-artifacts', 'screenshots')
const baseUrl = 'http://127.0.0.1:5639'
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const checks: { name: string; ok: boolean; detail: string }[] = []
function check(name: string, ok: boolean, detail = ''): void {
  checks.push({ name, ok, detail })
  console.log(`${ok ? '✔' : '✖'} ${name}${detail ? ` — ${detail}` : ''}`)
}

async function waitForApp(app: ChildProcess, timeoutMs: number): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < timeoutMs) {
    if (app.exitCode !== null) throw new Error(`npm start exited with code ${app.exitCode}`)
    try {
      const response = await fetch(baseUrl)
      if (response.ok) return performance.now() - started
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the workshop app did not answer on ${baseUrl} within ${timeoutMs / 1000} s`)
}

async function setPlayground(page: Page, option: RegExp): Promise<void> {
  const picker = page.locator('[role=tabpanel][data-state=active]').getByRole('combobox', { name: 'Select app for playground' })
  await picker.click()
  await page.getByRole('option', { name: option }).first().click()
  await page.waitForLoadState('networkidle')
  await picker.filter({ hasText: option }).waitFor()
}

/**
 * Puts an app in the playground through the Tests tab's app picker, runs its tests
 * there, and returns the app's verdict ("Tests passed" / "Test failed (exit code 1)")
 * with Vitest's summary line when the output shows it.
 */
async function runTestsFor(page: Page, option: RegExp): Promise<{ verdict: string; summary: string }> {
  const panel = page.locator('[role=tabpanel][data-state=active]')
  await setPlayground(page, option)
  const verdictPattern = /Tests passed|Test failed \(exit code \d+\)/
  // Clear the last run's output and verdict, so the verdict read below is this run's.
  const clear = panel.locator('button[name=intent][value=clear]')
  if ((await clear.count()) > 0) {
    await clear.click()
    await panel.getByText(verdictPattern).waitFor({ state: 'detached' })
  }
  await panel.locator('button[name=intent][value=run]').click()
  await panel.getByText(verdictPattern).waitFor({ timeout: 180_000 })
  const verdict = (await panel.getByText(verdictPattern).textContent()) ?? ''
  const summary = /Tests\s+([^\n]*\(\d+\))/.exec((await panel.textContent()) ?? '')?.[1] ?? 'no summary in the output'
  // No pause before moving on: leaving the tab while its output stream closes used to
  // crash the whole app (epicshop/event-stream-guard.mjs), and the next step proves it no longer does.
  return { verdict, summary }
}

/** A failing practice test as Vitest itself reports it: the name, and its first 🚨 line. */
interface Expected {
  name: string
  alarm: string
}

/**
 * The practice tests of a problem that fail, read from Vitest's own JSON report of
 * the step's practice file, run in the exercise folder: what the Tests tab must show.
 */
function failingPracticeTests(appDir: string, file: string): Expected[] {
  const report = path.join(shots, '..', 'practice-report.json')
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs')
  spawnSync(process.execPath, [vitest, 'run', file, '--reporter=json', `--outputFile=${report}`], {
    cwd: appDir,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    stdio: 'ignore',
    timeout: 120_000,
  })
  const json = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    testResults: { assertionResults: { fullName: string; title: string; status: string; failureMessages: string[] }[] }[]
  }
  return json.testResults.flatMap((result) =>
    result.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => {
        const alarm = test.failureMessages.join('\n').split('\n').find((line) => line.includes('🚨')) ?? ''
        return { name: test.title, alarm: alarm.replace(/^\w*Error: /, '').trim() }
      }),
  )
}

/** Scrolls the Tests tab's output to its top or bottom, for a screenshot of that end. */
async function scrollOutput(page: Page, to: 'top' | 'bottom'): Promise<void> {
  await page
    .locator('[role=tabpanel][data-state=active] pre')
    .first()
    .evaluate((pre, end) => pre.scrollTo({ top: end === 'top' ? 0 : pre.scrollHeight }), to)
}

async function main(): Promise<void> {
  const playground = path.join(root, 'playground')
  const playgroundEmpty = !fs.existsSync(playground) || fs.readdirSync(playground).length === 0
  if (!playgroundEmpty && !process.env.CI) {
    console.error('✖ playground/ has files in it and this test replaces them. Run it in CI or on a clean clone.')
    process.exit(1)
  }
  fs.mkdirSync(shots, { recursive: true })

  const startedAt = performance.now()
  const app = spawn(process.execPath, [path.join(root, 'epicshop', 'start.mjs')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let log = ''
  app.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  app.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    await waitForApp(app, 60_000)
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    page.setDefaultTimeout(30_000)

    await page.goto(baseUrl, { waitUntil: 'networkidle' })
    const firstPageMs = performance.now() - startedAt
    await page.screenshot({ path: path.join(shots, '1-home.png') })
    const titles = readModules(root).map((module) =>
      (fs.readFileSync(path.join(module.dir, 'README.mdx'), 'utf8').match(/^# (.+)$/m)?.[1] ?? '').trim(),
    )
    const body = (await page.textContent('body')) ?? ''
    const missing = titles.filter((title) => !body.includes(title))
    check('home page lists every module', missing.length === 0, missing.length ? `missing ${missing.join(', ')}` : titles.join(', '))
    check('npm start to first page', true, `${(firstPageMs / 1000).toFixed(1)} s`)

    await page.goto(`${baseUrl}/exercise/01/01/problem`, { waitUntil: 'networkidle' })
    const stepTitle = await page.locator('h1').first().textContent()
    check('step 01.01 opens with its instructions', Boolean(stepTitle?.trim()), stepTitle?.trim() ?? '')
    await page.screenshot({ path: path.join(shots, '2-step.png') })

    await page.goto(`${baseUrl}/exercise/01/01/problem?preview=tests`, { waitUntil: 'networkidle' })
    const problem = await runTestsFor(page, /^1\.1 .*problem/)
    await page.screenshot({ path: path.join(shots, '3-tests-problem.png') })
    check('problem: tests run from the Tests tab and fail', problem.verdict.startsWith('Test failed'), `${problem.verdict}: ${problem.summary}`)

    const solution = await runTestsFor(page, /^1\.1 .*solution/)
    await page.screenshot({ path: path.join(shots, '4-tests-solution.png') })
    check('solution: the same tests pass', solution.verdict === 'Tests passed', `${solution.verdict}: ${solution.summary}`)

    // A step with races and the inherited app's console.log chatter: every failing
    // practice test's name and 🚨 line must reach the tab (the stream once lost them),
    // this step's result printed before any other file's, and the run closed by the summary.
    const racy = readSteps(root).find((step) => step.id === '05.02')?.problemDir
    if (racy) {
      const expected = failingPracticeTests(racy, 'tests/05.02.exact-counters.test.ts')
      await page.goto(`${baseUrl}/exercise/05/02/problem?preview=tests`, { waitUntil: 'networkidle' })
      const run = await runTestsFor(page, /^5\.2 .*problem/)
      const tab = (await page.locator('[role=tabpanel][data-state=active] pre').first().textContent()) ?? ''
      await scrollOutput(page, 'top')
      await page.screenshot({ path: path.join(shots, '4b-tests-failing-top.png') })
      await scrollOutput(page, 'bottom')
      await page.screenshot({ path: path.join(shots, '4c-tests-failing-summary.png') })
      const flat = tab.replace(/\s+/g, ' ')
      const missing = expected.filter(
        (test) => !flat.includes(test.name.replace(/\s+/g, ' ')) || !flat.includes(test.alarm.slice(0, 80).replace(/\s+/g, ' ')),
      )
      check(
        "Tests tab: every failing practice test's name and 🚨 line (05.02)",
        expected.length > 0 && missing.length === 0 && run.verdict.startsWith('Test failed'),
        missing.length
          ? `missing: ${missing.map((test) => test.name).join('; ')}`
          : `${expected.length} failing tests, each named with its 🚨 line`,
      )
      const own = tab.indexOf('Step 05.02, its own practice tests')
      const firstOther = tab.search(/tests\/(contract|0[1-4]\.\d\d|05\.01)[^ ]*\.test\.ts/)
      const summary = tab.lastIndexOf('Summary, this step first (05.02)')
      check(
        "Tests tab: the step's own result first, and a summary at the end",
        own !== -1 && (firstOther === -1 || own < firstOther) && summary > own && tab.indexOf('This step (05.02)', summary) !== -1,
        `own result at ${own}, first other file at ${firstOther}, summary at ${summary} of ${tab.length} characters`,
      )
    } else {
      check('Tests tab: step 05.02 exists for the failing-run check', false, 'no step 05.02 in exercises/')
    }

    // A step after 01.02 needs a JWT_SECRET to start: the set-up gives the playground a
    // .env, so "Start App" in the Playground tab serves the API's first route.
    await page.goto(`${baseUrl}/exercise/02/03/problem?preview=playground`, { waitUntil: 'networkidle' })
    await setPlayground(page, /^2\.3 .*problem/)
    const playgroundPanel = page.locator('[role=tabpanel][data-state=active]')
    await playgroundPanel.getByRole('button', { name: /start app/i }).click()
    const preview = playgroundPanel.frameLocator('iframe').first()
    await preview.getByText('"tags"').waitFor({ timeout: 120_000 })
    await page.screenshot({ path: path.join(shots, '5-playground-app.png') })
    check('Playground tab: "Start App" on step 02.03 serves GET /api/tags', true, ((await preview.locator('body').textContent()) ?? '').slice(0, 60))
    const stop = playgroundPanel.getByRole('button', { name: /stop app/i })
    await stop.first().click()
    // Stop App must end the whole tree it started (npm, the shell, tsx watch, the
    // server), not only the process on the port: nothing may be left in playground/.
    const left = await waitForNoProcessUnder(playground, 10_000)
    check(
      'Playground tab: "Stop App" leaves no process behind',
      left.length === 0,
      left.length ? `still running: ${left.map((p) => `${p.pid} ${p.command.slice(0, 60)}`).join('; ')}` : 'no process left in playground/',
    )

    // The Diff tab compares the playground with the solution: put the problem back first,
    // which also leaves the playground as a newcomer finds it.
    await setPlayground(page, /^1\.1 .*problem/)
    await page.goto(`${baseUrl}/exercise/01/01/problem?preview=diff`, { waitUntil: 'networkidle' })
    const diffPanel = page.locator('[role=tabpanel][data-state=active]')
    await diffPanel.getByText('src/app.ts').first().waitFor()
    await page.screenshot({ path: path.join(shots, '6-diff.png') })
    check('Diff tab shows the change between problem and solution', true, 'src/app.ts listed')
  } catch (error) {
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: path.join(shots, 'failure.png') })
    check('browser walk-through', false, (error as Error).message.split('\n')[0] ?? '')
    console.error(log.split('\n').slice(-30).join('\n'))
  } finally {
    await browser.close()
    if (app.pid) process.kill(-app.pid, 'SIGTERM')
  }

  const failed = checks.filter((c) => !c.ok).length
  console.log(`screenshots: ${path.relative(root, shots)}/`)
  console.log(`browser: ${checks.length - failed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

await main()
