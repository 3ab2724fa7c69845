// The user aggregate as the rest of the app sees it: plain objects, no database types.
// Someone else's profile and the current user's account are different types, so code
// that shows a profile cannot reach for an email, and nothing but login sees a hash.

/** Someone else, as anyone may see them. */
export interface PublicUser {
  id: number
  username: string
  bio: string
  image: string | null
}

/** The user who is asking: their own email too, never the hash. */
export interface CurrentUser extends PublicUser {
  email: string
}

/** What login compares, and nothing else may read. */
export interface UserCredentials {
  user: CurrentUser
  passwordHash: string
}

export interface NewUser {
  email: string
  username: string
  passwordHash: string
}

/** A field left undefined keeps its value; `image: null` clears the image. */
export interface UserChanges {
  email?: string | undefined
  username?: string | undefined
  passwordHash?: string | undefined
  bio?: string | undefined
  image?: string | null | undefined
}

/**
 * Users, and who follows whom. A taken email or username is refused by the storage
 * itself (ValidationError "email has already been taken"), never by a look-up first.
 */
export interface UserRepository {
  create(user: NewUser): Promise<CurrentUser>
  /** The account of the user who is asking. */
  findAccount(id: number): Promise<CurrentUser | null>
  findById(id: number): Promise<PublicUser | null>
  findByUsername(username: string): Promise<PublicUser | null>
  /** For login only: the one read of a password hash. */
  findCredentials(email: string): Promise<UserCredentials | null>
  /** NotFoundError "user not found" when there is no such user. */
  update(id: number, changes: UserChanges): Promise<CurrentUser>
  isFollowing(followerId: number, followingId: number): Promise<boolean>
  /** Following twice is following once. */
  follow(followerId: number, followingId: number): Promise<void>
  unfollow(followerId: number, followingId: number): Promise<void>
}
