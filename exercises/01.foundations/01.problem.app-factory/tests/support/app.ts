import type { Express } from 'express'

/**
 * The one place the tests get the Conduit app from.
 *
 * The inherited app builds itself and starts listening as soon as `src/app.ts`
 * is imported, so we ask it for a random free port (PORT=0) before importing it.
 * Later steps change only this file: they build the app from `createApp(deps)`
 * instead of importing a ready-made, listening one. Every test calls getApp().
 */
export async function getApp(): Promise<Express> {
  process.env.PORT = '0'
  const { app } = await import('../../src/app.js')
  return app
}
