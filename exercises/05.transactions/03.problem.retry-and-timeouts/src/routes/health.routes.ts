import { Router } from 'express'

/**
 * Liveness: answers as long as the process can serve HTTP at all. It touches no
 * database on purpose — an orchestrator restarts a process whose liveness check
 * fails, and restarting every instance because the database is slow makes the
 * outage worse. Whether the app can do useful work (readiness) is another check.
 */
export function createHealthRouter(): Router {
  const router = Router()

  router.get('/health', (req, res) => {
    res.json({ status: 'ok' })
  })

  return router
}
