/**
 * How `npm run bench` prints its figures: one aligned Markdown table (so it can be
 * pasted into a note as it is), with the lines that say what was measured.
 */
import type { Comparison, Goal } from './load-compare.js'

export interface BenchReport {
  /** The two apps as the learner knows them: paths from the workshop root. */
  inheritedApp: string
  currentApp: string
  connections: number
  durationSeconds: number
  warmupSeconds: number
  /** Rows per table in the seeded database, counted after seeding. */
  rows: Record<string, number>
  /** How the servers were started, in one sentence (environment, working folder). */
  environment: string
  /** Node, CPUs and the load before the run: other work on the machine moves the figures. */
  machine: string
  comparisons: Comparison[]
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** Requests per second: whole numbers from 100 up, one decimal below (27.4 tells more than 27). */
export function formatRate(requestsPerSecond: number): string {
  return requestsPerSecond >= 100 ? integer.format(requestsPerSecond) : requestsPerSecond.toFixed(1)
}

export function formatMs(ms: number): string {
  return `${ms >= 10 ? integer.format(ms) : ms.toFixed(1)} ms`
}

/** A throughput ratio: "35×", "1.2×", or "n/a" when it could not be computed. */
export function formatTimes(ratio: number | undefined): string {
  if (ratio === undefined) return 'n/a'
  return `${ratio >= 10 ? integer.format(ratio) : ratio.toFixed(1)}×`
}

/** A p99 ratio as a fraction of the inherited p99: "0.045", "0.80", "1.3". */
export function formatFraction(ratio: number | undefined): string {
  if (ratio === undefined) return 'n/a'
  if (ratio >= 10) return integer.format(ratio)
  if (ratio === 0) return '0'
  return ratio.toPrecision(2)
}

export function formatGoal(goal: Goal): string {
  const parts = [`≥ ${goal.minThroughputRatio}×`]
  if (goal.maxP99Ratio !== undefined) parts.push(`p99 ≤ 1/${Math.round(1 / goal.maxP99Ratio)}`)
  return parts.join(', ')
}

type Align = 'left' | 'right'

/** A Markdown table whose columns line up in a terminal too. */
export function formatTable(headers: string[], align: Align[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)))
  const pad = (cell: string, i: number) => (align[i] === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`
  const rule = `|${widths.map((width, i) => (align[i] === 'right' ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`
  return [line(headers), rule, ...rows.map(line)].join('\n')
}

export function comparisonTable(comparisons: Comparison[]): string {
  const headers = ['endpoint', 'inherited req/s', 'p99', 'this app req/s', 'p99', '×', 'p99 ratio', 'goal (module 06)']
  const align: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left']
  const rows = comparisons.map((c) => [
    c.endpoint.name,
    formatRate(c.inherited.requestsPerSecond),
    formatMs(c.inherited.p99Ms),
    formatRate(c.current.requestsPerSecond),
    formatMs(c.current.p99Ms),
    formatTimes(c.throughputRatio),
    formatFraction(c.p99Ratio),
    `${formatGoal(c.endpoint.goal)}: ${c.goalMet ? 'met' : 'not met'}`,
  ])
  return formatTable(headers, align, rows)
}

function formatRows(rows: Record<string, number>): string {
  return Object.entries(rows)
    .map(([table, count]) => `${integer.format(count)} ${table}`)
    .join(', ')
}

export function formatReport(report: BenchReport): string {
  const responses = report.comparisons
    .map(
      (c) =>
        `${c.endpoint.name} ${integer.format(c.inherited.responses)} (${c.inherited.non2xx}) → ` +
        `${integer.format(c.current.responses)} (${c.current.non2xx})`,
    )
    .join('; ')
  const met = report.comparisons.filter((c) => c.goalMet).length
  return [
    `Conduit under load: ${report.connections} connection${report.connections === 1 ? '' : 's'}, ` +
      `${report.durationSeconds} s per endpoint ` +
      (report.warmupSeconds > 0 ? `after a ${report.warmupSeconds} s warm-up` : 'without warm-up') +
      ', one server at a time.',
    `  inherited app  ${report.inheritedApp}`,
    `  this app       ${report.currentApp}`,
    `  database       one seeded SQLite file, a copy per app: ${formatRows(report.rows)}`,
    `  environment    ${report.environment}`,
    `  machine        ${report.machine}`,
    '',
    comparisonTable(report.comparisons),
    '',
    `Responses (non-2xx), inherited → this app: ${responses}`,
    `Goal met on ${met} of ${report.comparisons.length} endpoints. ` +
      '× is this app’s req/s over the inherited app’s; p99 ratio is this app’s p99 over the inherited app’s.',
  ].join('\n')
}

/** What --json writes: the report, with when and on which platform it was measured. */
export function jsonFigures(report: BenchReport, measuredAt: Date = new Date()): object {
  return {
    measuredAt: measuredAt.toISOString(),
    platform: process.platform,
    ...report,
    comparisons: report.comparisons.map(({ endpoint, ...rest }) => ({
      endpoint: endpoint.name,
      goal: endpoint.goal,
      ...rest,
    })),
  }
}
