import type { RequestHandler } from 'express'
import { currentUserId, requiredUserId } from '../middleware/current-user.js'
import { input } from '../middleware/validate.js'
import { profileResponse } from '../responses.js'
import * as schemas from '../schemas/profile.schemas.js'
import type { ProfileService } from '../services/profile.service.js'

export function createProfileController({ profiles }: { profiles: ProfileService }) {
  const get: RequestHandler = async (_req, res) => {
    const { username } = input(res, schemas.profile).params
    res.json({ profile: profileResponse(await profiles.get(username, currentUserId(res))) })
  }

  const follow: RequestHandler = async (_req, res) => {
    const { username } = input(res, schemas.profile).params
    res.json({ profile: profileResponse(await profiles.follow(requiredUserId(res), username)) })
  }

  const unfollow: RequestHandler = async (_req, res) => {
    const { username } = input(res, schemas.profile).params
    res.json({ profile: profileResponse(await profiles.unfollow(requiredUserId(res), username)) })
  }

  return { get, follow, unfollow }
}

export type ProfileController = ReturnType<typeof createProfileController>
