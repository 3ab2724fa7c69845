import { describe, expect, test } from 'vitest'
import { NotFoundError, ValidationError } from '../../src/errors/app-error.js'
import { unique } from '../support/factories.js'
import { expectRefusal, newUser, type MakeRepositories } from './make.js'

export function describeUserRepositoryContract(make: MakeRepositories): void {
  describe('users', () => {
    test('create returns the account, exactly: no hash, nothing the domain does not know', async () => {
      const { users } = make()
      const name = unique('user')
      const created = await users.create({ email: `${name}@example.com`, username: name, passwordHash: 'h' })
      expect(created).toStrictEqual({ id: expect.any(Number), email: `${name}@example.com`, username: name, bio: '', image: null })
    })

    test('reads: the account by id, the public user by id and by username, credentials by email', async () => {
      const repositories = make()
      const { users } = repositories
      const account = await newUser(repositories)
      const { email, ...publicUser } = account
      expect(await users.findAccount(account.id)).toStrictEqual(account)
      expect(await users.findById(account.id)).toStrictEqual(publicUser)
      expect(await users.findByUsername(account.username)).toStrictEqual(publicUser)
      expect(await users.findCredentials(email)).toStrictEqual({ user: account, passwordHash: `hash-${account.username}` })
    })

    test('reads of someone who is not there are null', async () => {
      const { users } = make()
      expect(await users.findAccount(987_654_321)).toBeNull()
      expect(await users.findById(987_654_321)).toBeNull()
      expect(await users.findByUsername(unique('nobody'))).toBeNull()
      expect(await users.findCredentials(`${unique('nobody')}@example.com`)).toBeNull()
    })

    test('a taken email or username is refused with the spec’s 422 messages', async () => {
      const repositories = make()
      const taken = await newUser(repositories)
      const other = unique('user')
      await expectRefusal(
        repositories.users.create({ email: taken.email, username: other, passwordHash: 'h' }),
        ValidationError,
        'email has already been taken',
      )
      await expectRefusal(
        repositories.users.create({ email: `${other}@example.com`, username: taken.username, passwordHash: 'h' }),
        ValidationError,
        'username has already been taken',
      )
      expect(await repositories.users.findByUsername(other)).toBeNull()
    })

    test('update changes the given fields only, clears an image with null, and keeps one’s own email', async () => {
      const repositories = make()
      const { users } = repositories
      const account = await newUser(repositories)
      const withImage = await users.update(account.id, { bio: 'hello', image: 'https://example.com/me.png' })
      expect(withImage).toStrictEqual({ ...account, bio: 'hello', image: 'https://example.com/me.png' })
      const renamed = unique('renamed')
      const updated = await users.update(account.id, { username: renamed, email: account.email, image: null })
      expect(updated).toStrictEqual({ ...account, username: renamed, bio: 'hello', image: null })
      expect(await users.findAccount(account.id)).toStrictEqual(updated)
      await users.update(account.id, { passwordHash: 'new-hash' })
      expect((await users.findCredentials(account.email))?.passwordHash).toBe('new-hash')
    })

    test('update refuses a taken email or username, and answers "user not found" for nobody', async () => {
      const repositories = make()
      const alice = await newUser(repositories)
      const bob = await newUser(repositories)
      await expectRefusal(
        repositories.users.update(bob.id, { email: alice.email }),
        ValidationError,
        'email has already been taken',
      )
      await expectRefusal(
        repositories.users.update(bob.id, { username: alice.username }),
        ValidationError,
        'username has already been taken',
      )
      expect(await repositories.users.findAccount(bob.id)).toStrictEqual(bob)
      await expectRefusal(repositories.users.update(987_654_321, { bio: 'x' }), NotFoundError, 'user not found')
    })

    test('follow is one way and idempotent; unfollow undoes it and is idempotent too', async () => {
      const repositories = make()
      const { users } = repositories
      const fan = await newUser(repositories)
      const star = await newUser(repositories)
      expect(await users.isFollowing(fan.id, star.id)).toBe(false)
      await users.follow(fan.id, star.id)
      await users.follow(fan.id, star.id)
      expect(await users.isFollowing(fan.id, star.id)).toBe(true)
      expect(await users.isFollowing(star.id, fan.id)).toBe(false)
      await users.unfollow(fan.id, star.id)
      await users.unfollow(fan.id, star.id)
      expect(await users.isFollowing(fan.id, star.id)).toBe(false)
    })

    test('what a caller does to a result changes nothing stored', async () => {
      const repositories = make()
      const account = await newUser(repositories)
      const copy = { ...account }
      account.bio = 'changed behind the repository’s back'
      const found = await repositories.users.findById(copy.id)
      if (found) found.username = 'someone-else'
      expect(await repositories.users.findAccount(copy.id)).toStrictEqual(copy)
    })
  })
}
