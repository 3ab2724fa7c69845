import { Prisma } from '../../generated/prisma/client.js'

/** SQLite's "database is locked" (SQLITE_BUSY), in its primary code and every extended one. */
const SQLITE_BUSY = 5
/** PostgreSQL's serialization_failure and deadlock_detected. */
const POSTGRES_TRANSIENT = new Set(['40001', '40P01'])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/**
 * The database's own code. Prisma passes it on under meta.driverAdapterError.cause; a
 * statement that fails inside a transaction can also reach us as the adapter's own
 * DriverAdapterError, unwrapped, with the code in its `cause`.
 */
function driverCode(error: unknown): string | undefined {
  let cause: unknown
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const adapterError = error.meta?.driverAdapterError
    cause = isRecord(adapterError) ? adapterError.cause : undefined
  } else if (error instanceof Error && error.name === 'DriverAdapterError') {
    cause = error.cause
  }
  return isRecord(cause) && typeof cause.originalCode === 'string' ? cause.originalCode : undefined
}

/**
 * Whether a failed write lost a race with another transaction and may succeed if sent
 * again, unchanged: a write conflict or deadlock (P2034; PostgreSQL 40001, 40P01) or a
 * database busy with another writer (SQLite SQLITE_BUSY, which reaches us as P1008
 * through the libSQL adapter). Not a unique violation, a missing row, a validation error
 * or anything unknown: sending those again gives the same answer, or does harm.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034') return true
  const code = driverCode(error)
  if (code === undefined) return false
  if (POSTGRES_TRANSIENT.has(code)) return true
  // SQLite keeps the primary code in the low byte of its extended codes.
  return /^\d+$/.test(code) && (Number(code) & 0xff) === SQLITE_BUSY
}
