import { BaseSequencer, type TestSpecification } from 'vitest/node'

export type FileRole = 'this step' | 'earlier steps' | 'contract' | 'other'

export interface StepFiles {
  /** `06.04`, or undefined when the app has no practice files and names no step. */
  step: string | undefined
  roleOf(file: string): FileRole
}

/** The step a practice file belongs to (`06.04`), or undefined for any other file. */
export function practiceStep(file: string): string | undefined
/** The step named by the app's package.json (`@conduit/06.04.problem` → `06.04`), if any. */
export function packageStep(root: string): string | undefined
/** Classifies an app's test files (absolute or relative to `root`) for its step. */
export function stepFiles(root: string, files?: readonly string[]): StepFiles

export class StepSequencer extends BaseSequencer {
  sort(files: TestSpecification[]): Promise<TestSpecification[]>
}
