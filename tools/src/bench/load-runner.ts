/**
 * The bench's run: seed one database, then start each app's real server in turn
 * (never both at once: they would share the CPU and each other's figures), and
 * load every endpoint: a warm-up whose figures are dropped, then the measurement.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer, SERVICE_VARIABLES } from './app-server.js'
import { compare, ENDPOINTS, invalidReason, type Figures } from './load-compare.js'
import type { BenchReport } from './load-format.js'
import { checkEndpoint, measure } from './load-measure.js'
import { copyDatabase, seedDatabase, sharedPrismaFolder } from './seeded-database.js'

export interface BenchOptions {
  workshopRoot: string
  /** "This app": a step folder or the playground, with src/server.ts. */
  currentDir: string
  /** The hurried original, which listens as src/app.ts is imported. */
  inheritedDir: string
  connections: number
  durationSeconds: number
  warmupSeconds: number
  /** Progress lines, for the terminal while the run lasts. */
  log?: (line: string) => void
}

export class BenchError extends Error {
  override name = 'BenchError'
}

interface AppUnderTest {
  key: 'inherited' | 'current'
  label: string
  dir: string
  entry: string
}

export function environmentSentence(env: NodeJS.ProcessEnv = process.env): string {
  const passed = SERVICE_VARIABLES.filter((name) => env[name] !== undefined)
  return (
    'NODE_ENV=production, a random 48-character JWT_SECRET, a free PORT and the copy in DATABASE_URL; ' +
    'run from a scratch folder, so neither app reads a .env file' +
    (passed.length > 0 ? `; ${passed.join(', ')} passed on from this shell` : '')
  )
}

async function benchApp(
  app: AppUnderTest,
  databaseUrl: string,
  scratch: string,
  options: BenchOptions,
): Promise<Figures[]> {
  const log = options.log ?? (() => {})
  log(`Starting ${app.label} (${app.entry})…`)
  const server = await startServer({
    label: app.label,
    appDir: app.dir,
    entry: app.entry,
    databaseUrl,
    cwd: scratch,
    readyPath: ENDPOINTS[0]!.path,
  })
  try {
    const figures: Figures[] = []
    for (const endpoint of ENDPOINTS) {
      await checkEndpoint(server.url, endpoint)
      const url = server.url + endpoint.path
      if (options.warmupSeconds > 0) {
        log(`  ${endpoint.name}: warming up for ${options.warmupSeconds} s…`)
        await measure(url, { connections: options.connections, durationSeconds: options.warmupSeconds })
      }
      log(`  ${endpoint.name}: measuring for ${options.durationSeconds} s…`)
      const measured = await measure(url, {
        connections: options.connections,
        durationSeconds: options.durationSeconds,
      })
      const invalid = invalidReason(measured)
      if (invalid) {
        throw new BenchError(
          `${endpoint.name} on ${app.label}: ${invalid}.\nThe server's output ends with:\n${server.output().slice(-2_000)}`,
        )
      }
      figures.push(measured)
    }
    return figures
  } finally {
    await server.stop()
  }
}

export function machineSentence(): string {
  const cpus = os.cpus().length
  const load = os.loadavg()[0]!
  // loadavg is always 0 on Windows: say nothing rather than something false.
  const busy = process.platform === 'win32' ? '' : `, load average ${load.toFixed(1)} at the start`
  return `Node ${process.version}, ${cpus} CPU${cpus === 1 ? '' : 's'}${busy}`
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {})
  const apps: AppUnderTest[] = [
    { key: 'inherited', label: 'the inherited app', dir: options.inheritedDir, entry: 'src/app.ts' },
    { key: 'current', label: 'this app', dir: options.currentDir, entry: 'src/server.ts' },
  ]
  for (const app of apps) {
    if (!fs.existsSync(path.join(app.dir, app.entry))) {
      throw new BenchError(
        `${app.label} has no ${app.entry} in ${app.dir}: run npm run bench in a step folder or the playground.`,
      )
    }
  }
  const machine = machineSentence()
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-bench-'))
  const removeScratch = () => fs.rmSync(scratch, { recursive: true, force: true })
  process.once('exit', removeScratch)
  try {
    log('Seeding one database for both apps…')
    const prismaFolder = sharedPrismaFolder(options.currentDir, options.inheritedDir)
    const seeded = await seedDatabase(prismaFolder, options.currentDir, scratch)
    const measured: Record<AppUnderTest['key'], Figures[]> = { inherited: [], current: [] }
    for (const app of apps) measured[app.key] = await benchApp(app, copyDatabase(seeded, app.key), scratch, options)
    const shown = (dir: string) => path.relative(options.workshopRoot, dir).split(path.sep).join('/') || '.'
    return {
      inheritedApp: `${shown(options.inheritedDir)} (src/app.ts)`,
      currentApp: `${shown(options.currentDir)} (src/server.ts)`,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      rows: seeded.rows,
      environment: environmentSentence(),
      machine,
      comparisons: ENDPOINTS.map((endpoint, i) => compare(endpoint, measured.inherited[i]!, measured.current[i]!)),
    }
  } finally {
    removeScratch()
    process.removeListener('exit', removeScratch)
  }
}
