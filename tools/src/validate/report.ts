import type { StepReport } from './validate.js'

const COLUMNS = ['step', 'typecheck', 'solution tests', 'problem tests', 'files', 'continuity', 'result'] as const

/** The validation table, the findings of failed steps, and the closing count line. */
export function formatReport(reports: StepReport[], seconds: number): string {
  const rows = reports.map((report) => [
    `${report.id} ${report.name}`,
    report.typecheck,
    report.solution,
    report.problem,
    report.files,
    report.continuity,
    report.findings.length === 0 ? 'PASS' : 'FAIL',
  ])
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()
  const out = [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]

  for (const report of reports.filter((r) => r.findings.length > 0)) {
    out.push('', `✖ ${report.id} ${report.name}:`)
    for (const finding of report.findings) out.push(`  - ${finding}`)
  }
  const failed = reports.filter((r) => r.findings.length > 0).length
  out.push('', `Validated ${reports.length} steps in ${seconds.toFixed(1)} s`)
  out.push(`${reports.length - failed} passed, ${failed} failed`)
  return out.join('\n')
}
