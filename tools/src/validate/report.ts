import type { StepReport } from './validate.js'

/** The validation table's columns; stepCells gives a step's row, one cell per column. */
export const TABLE_COLUMNS = ['step', 'typecheck', 'solution tests', 'problem tests', 'counterfeits', 'files', 'continuity', 'result'] as const

export function stepCells(report: StepReport): string[] {
  const { solution, problem, continuity, counterfeits } = report
  const caught = counterfeits.filter((c) => c.caught).length
  const notRun = counterfeits.filter((c) => c.notRun).length
  const run = counterfeits.length - notRun
  return [
    `${report.id} ${report.name}`,
    report.typeErrors === 0 ? 'ok' : `${report.typeErrors} errors`,
    solution ? `${solution.passed}/${solution.total} pass` : 'missing',
    problem
      ? `${problem.practiceFailed}/${problem.practiceTotal} practice fail, ${problem.otherPassed}/${problem.otherTotal} other pass` +
        (report.impliedBy ? ` (${report.impliedBy})` : '')
      : 'missing',
    counterfeits.length === 0 ? 'none' : `${caught}/${run} caught` + (notRun ? `, ${notRun} not run` : ''),
    report.fileIssues === 0 ? 'ok' : `${report.fileIssues} issues`,
    typeof continuity === 'string'
      ? continuity
      : continuity.differences === 0
        ? `= ${continuity.previous} solution`
        : `${continuity.differences} differences`,
    report.findings.length === 0 ? 'PASS' : 'FAIL',
  ]
}

/**
 * The validation table, the findings of failed steps and of the workshop as a
 * whole (its solutions index), and the closing count line: one check per step,
 * and one for the workshop.
 */
export function formatReport(reports: StepReport[], workshopFindings: string[], seconds: number): string {
  const rows = reports.map(stepCells)
  const widths = TABLE_COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)))
  const line = (row: readonly string[]): string => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()
  const out = [line(TABLE_COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]

  for (const report of reports.filter((r) => r.findings.length > 0)) {
    out.push('', `✖ ${report.id} ${report.name}:`)
    for (const finding of report.findings) out.push(`  - ${finding}`)
  }
  if (workshopFindings.length > 0) {
    out.push('', '✖ workshop:')
    for (const finding of workshopFindings) out.push(`  - ${finding}`)
  }
  const failed = reports.filter((r) => r.findings.length > 0).length + (workshopFindings.length > 0 ? 1 : 0)
  const checks = reports.length + 1
  out.push('', `Validated ${reports.length} steps and the workshop's solutions index in ${seconds.toFixed(1)} s`)
  out.push(`${checks - failed} passed, ${failed} failed`)
  return out.join('\n')
}

/** Which practice tests caught each counterfeit (npm test -- --counterfeits). */
export function formatCounterfeits(reports: StepReport[]): string {
  const out: string[] = []
  for (const report of reports) {
    for (const counterfeit of report.counterfeits) {
      out.push(`counterfeit ${report.id} ${counterfeit.name}: ${counterfeit.summary}`)
      out.push(
        counterfeit.notRun
          ? `  not run: ${counterfeit.notRun}`
          : counterfeit.caught
            ? `  caught by ${counterfeit.caughtBy.length} test(s):`
            : '  GOT THROUGH',
      )
      for (const test of counterfeit.caughtBy) out.push(`    ✔ ${test}`)
    }
  }
  return out.join('\n')
}
