/**
 * Runs one write, and runs it again if it lost a race with another transaction. The
 * composition root decides how (src/app.ts, with src/utils/retry.ts); the repositories
 * only say which calls are writes that may be sent again.
 */
export type RetryWrite = <T>(write: () => Promise<T>) => Promise<T>

/** Sends each write once: for callers that want no retries. */
export const once: RetryWrite = (write) => write()
