import { Prisma } from '../generated/prisma/client.js'
import { AppError, ConflictError, NotFoundError, ValidationError } from './app-error.js'

/**
 * Unique constraints whose violation the API reports as invalid input, because the
 * Conduit spec answers a taken email or username with 422 and those words. Any other
 * unique constraint is a plain 409 Conflict. Keyed by "Model.field,field".
 */
const takenMessages: Record<string, string> = {
  'User.email': 'email has already been taken',
  'User.username': 'username has already been taken',
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/**
 * The columns of the unique constraint a P2002 is about. Prisma's own engines put them
 * in `meta.target`; through a driver adapter (our libSQL one) `target` is absent and
 * they arrive in `meta.driverAdapterError.cause.constraint.fields` instead.
 */
function uniqueFields(meta: Record<string, unknown> | undefined): string[] {
  if (Array.isArray(meta?.target)) return meta.target.map(String)
  const cause = isRecord(meta?.driverAdapterError) ? meta.driverAdapterError.cause : undefined
  const constraint = isRecord(cause) ? cause.constraint : undefined
  const fields = isRecord(constraint) ? constraint.fields : undefined
  return Array.isArray(fields) ? fields.map(String) : []
}

/** "Article" → "article", for messages written for people. */
function noun(meta: Record<string, unknown> | undefined): string {
  const model = typeof meta?.modelName === 'string' ? meta.modelName : 'record'
  return model.charAt(0).toLowerCase() + model.slice(1)
}

/**
 * Translates the database's refusals that the API can explain, with Prisma's error as
 * the cause (for the log) and a message of our own (for the client: Prisma's message
 * holds a code frame with our file paths). Returns undefined for anything else, which
 * stays an unexpected error: a 500, logged.
 */
// 🐨 the Prisma repositories call this where a write can be refused, and throw what it
// returns, so both implementations fail with the same errors:
// 💰 translated(work) in src/repositories/prisma/translate.ts is given and does just that:
// a repository wraps each call the database may refuse in it.
export function fromPrismaError(error: unknown): AppError | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined
  const meta = error.meta

  switch (error.code) {
    // A unique constraint refused the write: someone else got there first.
    case 'P2002': {
      const key = `${meta?.modelName}.${uniqueFields(meta).join(',')}`
      const taken = takenMessages[key]
      if (taken) return new ValidationError(taken, { cause: error })
      return new ConflictError(`${noun(meta)} already exists`, { cause: error })
    }
    // An update or delete found no row: it was never there, or someone removed it first.
    case 'P2025':
      return new NotFoundError(`${noun(meta)} not found`, { cause: error })
    default:
      return undefined
  }
}
