/** The command line of `npm run bench`: its flags, their checks, and the help text. */
import { parseArgs } from 'node:util'

export const INHERITED_APP = 'exercises/01.foundations/01.problem.app-factory'

export const USAGE = `Usage: npm run bench [-- options]   (in a step folder or the playground)

Loads GET /api/tags and GET /api/articles on this app and on the inherited app
(${INHERITED_APP}), one server at a time, on one seeded database.

Options:
  --duration <seconds>     measured seconds per endpoint and app (default 10)
  --connections <n>        concurrent connections (default 10)
  --warmup <seconds>       unmeasured load before each measurement (default 2; 0 for none)
  --json <file>            also write the figures to this file, as JSON
  -h, --help               show this help`

export interface CliOptions {
  durationSeconds: number
  connections: number
  warmupSeconds: number
  json: string | undefined
  help: boolean
}

export class UsageError extends Error {
  override name = 'UsageError'
}

function wholeNumber(flag: string, value: string, min: number): number {
  const number = Number(value)
  if (!/^\d+$/.test(value) || number < min)
    throw new UsageError(`--${flag} must be a whole number of at least ${min}, not "${value}"`)
  return number
}

export function parseCliArgs(args: string[]): CliOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        duration: { type: 'string', default: '10' },
        connections: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  return {
    durationSeconds: wholeNumber('duration', values.duration, 1),
    connections: wholeNumber('connections', values.connections, 1),
    warmupSeconds: wholeNumber('warmup', values.warmup, 0),
    json: values.json,
    help: values.help,
  }
}
