import { body, email, required, text, wrapper } from './fields.js'

/** POST /api/users */
export const register = {
  body: body({
    user: wrapper({ username: required(), email: email(), password: required() }),
  }),
}

/** POST /api/users/login */
export const login = {
  body: body({
    user: wrapper({ email: required(), password: required() }),
  }),
}

const UserChanges = wrapper({
  email: email().optional(),
  username: required().optional(),
  password: required().optional(),
  bio: text().optional(),
  // null clears the image.
  image: text().nullable().optional(),
}).refine(
  (changes) => Object.values(changes).some((value) => value !== undefined),
  'must have at least one of email, username, password, bio or image',
)

/** PUT /api/user */
export const updateUser = {
  body: body({ user: UserChanges }),
}
