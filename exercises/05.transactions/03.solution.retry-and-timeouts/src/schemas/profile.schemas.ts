import { z } from 'zod'
import { username } from './fields.js'

/** /api/profiles/:username and /api/profiles/:username/follow */
export const profile = {
  params: z.object({ username: username() }),
}
