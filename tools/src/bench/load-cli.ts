/**
 * `npm run bench` in a step folder or the playground: this app against the
 * inherited one, on the same seeded data, side by side.
 *
 *   npm run bench [-- --duration 10 --connections 10 --warmup 2 --json figures.json]
 *
 * Exit code 0 whenever it measured, goal met or not: it is a measurement, not a
 * test. 1 when it could not measure (an app did not start, answered errors, …),
 * 2 for a bad command line.
 */
import fs from 'node:fs'
import path from 'node:path'
import { findWorkshopRoot } from '../workshop.js'
import { INHERITED_APP, parseCliArgs, UsageError, USAGE, type CliOptions } from './load-args.js'
import { formatReport, jsonFigures } from './load-format.js'
import { runBench } from './load-runner.js'

async function main(): Promise<number> {
  let options: CliOptions
  try {
    options = parseCliArgs(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`${error.message}\n\n${USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(USAGE)
    return 0
  }
  // The servers end with this process (see app-server.ts); exit() runs those handlers.
  process.once('SIGINT', () => {
    console.error('\nInterrupted: stopping the servers.')
    process.exit(130)
  })
  process.once('SIGTERM', () => process.exit(143))

  const workshopRoot = findWorkshopRoot(import.meta.dirname)
  try {
    const report = await runBench({
      workshopRoot,
      currentDir: process.cwd(),
      inheritedDir: path.join(workshopRoot, INHERITED_APP),
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      log: (line) => console.error(line),
    })
    console.log(`\n${formatReport(report)}`)
    if (options.json) {
      fs.writeFileSync(options.json, `${JSON.stringify(jsonFigures(report), null, 2)}\n`)
      console.log(`Figures written to ${options.json}`)
    }
    return 0
  } catch (error) {
    console.error(`\nThe bench could not measure: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}

process.exitCode = await main()
