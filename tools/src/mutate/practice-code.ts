/**
 * What a step's mutation run mutates and how its results add up: pure
 * functions, so they are tested without running Stryker.
 */
import fs from 'node:fs'
import path from 'node:path'
import { listAuthoredFiles } from '../app-files.js'
import { withoutGuidance } from '../validate/guidance.js'

/**
 * The practice code of a step: the files under src/ that its solution adds or
 * changes compared with its problem (guidance comments aside). src/server.ts is
 * left out: it runs in a child process, where Stryker cannot switch mutants on,
 * so its mutants would all "survive" without telling anything.
 */
export function practiceCode(problemDir: string, solutionDir: string): string[] {
  const problemFiles = new Set(listAuthoredFiles(problemDir))
  return listAuthoredFiles(solutionDir).filter((file) => {
    if (!file.startsWith('src/') || !file.endsWith('.ts') || file === 'src/server.ts') return false
    if (!problemFiles.has(file)) return true
    const read = (dir: string): string => withoutGuidance(fs.readFileSync(path.join(dir, file), 'utf8'))
    return read(problemDir) !== read(solutionDir)
  })
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
