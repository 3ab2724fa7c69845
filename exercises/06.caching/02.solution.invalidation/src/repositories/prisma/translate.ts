import { Prisma } from '../../generated/prisma/client.js'
import { fromPrismaError } from '../../errors/prisma-errors.js'

/**
 * Runs one database call and turns the refusals the API can explain (a taken email,
 * a row already gone) into the app's own errors, so nothing above the repository
 * ever sees a Prisma error. Anything else (the database is down, a bug) goes on as
 * it was: a 500, logged with the driver's own message.
 */
export async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw fromPrismaError(error) ?? error
  }
}

/** Whether `error` is Prisma's refusal with this code (P2002, P2025…). */
export function isPrismaError(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code
}
