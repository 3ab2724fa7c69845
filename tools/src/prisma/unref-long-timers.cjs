// Preloaded into the Prisma CLI by prisma-offline. Prisma 6.19's Wasm schema
// engine arms a 60-second timer that it never clears, so `migrate dev` sits for a
// minute after it has finished. A timer that long never paces real work here (the
// engine's own database calls keep the process alive while they run), so let it
// stop holding the process open.
const setTimeoutWithoutUnref = global.setTimeout
global.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = setTimeoutWithoutUnref(callback, ms, ...args)
  if (typeof ms === 'number' && ms >= 30_000) timer.unref()
  return timer
}
