/**
 * What a step's mutation run mutates and how its results add up: pure
 * functions, so they are tested without running Stryker.
 */
import fs from 'node:fs'
import path from 'node:path'
import { structuredPatch } from 'diff'
import { listAuthoredFiles } from '../app-files.js'
import { withoutGuidance } from '../validate/guidance.js'

/**
 * The practice code of a step, as Stryker `mutate` patterns: the lines under
 * src/ that its solution adds or changes compared with its problem (`file:from-to`,
 * or the whole file when it is new). Lines the step did not touch are the
 * contract suite's business, not this step's. src/server.ts is left out: it runs
 * in a child process, where Stryker cannot switch mutants on, so its mutants
 * would all "survive" without telling anything.
 */
export function practiceCode(problemDir: string, solutionDir: string): string[] {
  const problemFiles = new Set(listAuthoredFiles(problemDir))
  const patterns: string[] = []
  for (const file of listAuthoredFiles(solutionDir)) {
    if (!file.startsWith('src/') || !file.endsWith('.ts') || file === 'src/server.ts') continue
    if (!problemFiles.has(file)) {
      patterns.push(file)
      continue
    }
    const before = fs.readFileSync(path.join(problemDir, file), 'utf8')
    const after = fs.readFileSync(path.join(solutionDir, file), 'utf8')
    if (withoutGuidance(before) === withoutGuidance(after)) continue
    for (const hunk of structuredPatch(file, file, before, after, '', '', { context: 0, ignoreWhitespace: true }).hunks) {
      // Only lines the solution has that the problem had not; blank ones need no test.
      const added = hunk.lines.filter((line) => !line.startsWith('-'))
      if (added.length === 0 || added.every((line) => line.slice(1).trim() === '')) continue
      patterns.push(`${file}:${hunk.newStart}-${hunk.newStart + hunk.newLines - 1}`)
    }
  }
  return patterns
}

/** The files a set of mutate patterns names. */
export function filesOf(patterns: string[]): string[] {
  return [...new Set(patterns.map((pattern) => pattern.replace(/:\d+-\d+$/, '')))]
}

/** The part of a Stryker mutant result the summary reads. */
export interface MutantOutcome {
  fileName: string
  mutatorName: string
  replacement: string
  status: string
  location: { start: { line: number; column: number } }
}

export interface MutationSummary {
  killed: number
  survived: number
  noCoverage: number
  timeout: number
  /** Compile or runtime errors: not counted in the score, as Stryker does. */
  errors: number
  /** killed + timeout over every valid mutant, in percent. */
  score: number
  survivors: MutantOutcome[]
}

export function summarize(results: MutantOutcome[]): MutationSummary {
  const count = (status: string): number => results.filter((r) => r.status === status).length
  const killed = count('Killed')
  const timeout = count('Timeout')
  const survived = count('Survived')
  const noCoverage = count('NoCoverage')
  const errors = count('CompileError') + count('RuntimeError')
  const valid = killed + timeout + survived + noCoverage
  return {
    killed,
    survived,
    noCoverage,
    timeout,
    errors,
    score: valid === 0 ? 0 : ((killed + timeout) / valid) * 100,
    survivors: results
      .filter((r) => r.status === 'Survived' || r.status === 'NoCoverage')
      .sort((a, b) => a.fileName.localeCompare(b.fileName) || a.location.start.line - b.location.start.line),
  }
}

export function formatSummary(stepId: string, appDir: string, summary: MutationSummary, seconds: number): string {
  const out = [
    `Mutation score of ${stepId} (${path.basename(appDir)}): ${summary.score.toFixed(1)} %`,
    `  killed ${summary.killed} · timeout ${summary.timeout} · survived ${summary.survived} · no coverage ${summary.noCoverage} · errors ${summary.errors}  (${seconds.toFixed(0)} s)`,
  ]
  if (summary.survivors.length > 0) out.push('', 'Mutants no test killed:')
  for (const mutant of summary.survivors) {
    const file = path.relative(appDir, mutant.fileName).split(path.sep).join('/')
    const label = mutant.status === 'NoCoverage' ? 'no coverage' : 'survived'
    const replacement = mutant.replacement.replace(/\s+/g, ' ').slice(0, 80)
    out.push(`  ${file}:${mutant.location.start.line}  ${mutant.mutatorName} → ${replacement}  (${label})`)
  }
  return out.join('\n')
}
