/**
 * Fills the database of the app in the current folder with a realistic, repeatable
 * volume of Conduit data: 50 users, 1,000 articles, 25 tags, ~3,000 comments,
 * ~5,000 favorites and ~300 follows, spread over the year before a fixed date.
 *
 *   npm run db:seed            (from a step folder or the playground)
 *
 * Each step generates its own Prisma client, so this script loads the client of
 * the app it runs in (cwd) rather than importing one. The same seed number and
 * counts always give the same rows, ids and dates.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { PrismaLibSQL } from '@prisma/adapter-libsql'

export interface SeedOptions {
  users: number
  articles: number
  comments: number
  favorites: number
  follows: number
  /** How many tags to use, at most the length of the tag list below (25). */
  tags: number
  /** The PRNG's seed: the same number gives the same data. */
  seed: number
  /** Dates are spread over the year before this moment. */
  now: Date
}

export const defaultSeedOptions: SeedOptions = {
  users: 50,
  articles: 1_000,
  comments: 3_000,
  favorites: 5_000,
  follows: 300,
  tags: 25,
  seed: 20261124,
  now: new Date('2026-11-01T12:00:00.000Z'),
}

export interface SeedCounts {
  users: number
  articles: number
  tags: number
  articleTags: number
  comments: number
  favorites: number
  follows: number
}

/** The part of a model delegate the seed uses, so any step's generated client fits. */
interface Delegate {
  createMany(args: { data: object[] }): Promise<{ count: number }>
  deleteMany(args?: object): Promise<{ count: number }>
}

export interface SeedClient {
  user: Delegate
  follow: Delegate
  article: Delegate
  tag: Delegate
  articleTag: Delegate
  comment: Delegate
  favorite: Delegate
}

/** The password every seeded user has. */
export const SEED_PASSWORD = 'password'

/**
 * Mirrors how the inherited app stores passwords (unsalted SHA-256, hex), so
 * seeded users can log in with SEED_PASSWORD. Change it here when the app's
 * password hashing changes.
 */
function hashPassword(password: string): string {
  return createHash('sha256').update(password).digest('hex')
}

const BATCH_SIZE = 500
const DAY = 24 * 60 * 60 * 1000

// ---------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed gives the same sequence. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Random {
  private readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  float(): number {
    return this.next()
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  /** An index in [0, n) biased towards 0: a few items get most of the picks. */
  skewed(n: number, power = 2): number {
    return Math.min(n - 1, Math.floor(Math.pow(this.next(), power) * n))
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  suffix(length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += '0123456789abcdefghijklmnopqrstuvwxyz'[this.int(0, 35)]
    return out
  }
}

// ---------------------------------------------------------------------------
// Word lists

const FIRST_NAMES = [
  'alice',
  'bruno',
  'chloe',
  'dmitri',
  'elena',
  'farah',
  'gustavo',
  'hana',
  'ivan',
  'jade',
  'kenji',
  'lucia',
  'marcus',
  'nadia',
  'omar',
  'priya',
  'quentin',
  'rosa',
  'samir',
  'tara',
  'umar',
  'vera',
  'wei',
  'ximena',
  'yusuf',
  'zoe',
  'anders',
  'bianca',
  'carlos',
  'dana',
]
const LAST_NAMES = [
  'adams',
  'berg',
  'costa',
  'dubois',
  'evans',
  'fischer',
  'garcia',
  'haddad',
  'ito',
  'jensen',
  'kowalski',
  'lopez',
  'moreau',
  'novak',
  'okafor',
  'petrov',
  'quinn',
  'rossi',
  'silva',
  'tanaka',
]
const BIOS = [
  'Backend engineer. Writes about databases and the things that break at 3 a.m.',
  'Full-stack developer who still prefers the server side.',
  'Building APIs for a living; reading about distributed systems for fun.',
  'Node.js since 0.10. Opinions are my own and change often.',
  'SRE turned developer. Dashboards, alerts and the occasional post-mortem.',
  'I teach TypeScript and learn from my students.',
  'Coffee, code, and cautious optimism about new frameworks.',
  'Tech lead on a payments team. Idempotency keys are my love language.',
]

const TAG_NAMES = [
  'javascript',
  'typescript',
  'node',
  'express',
  'prisma',
  'sqlite',
  'postgres',
  'testing',
  'security',
  'performance',
  'caching',
  'architecture',
  'api-design',
  'devops',
  'docker',
  'observability',
  'databases',
  'career',
  'react',
  'css',
  'rust',
  'go',
  'tutorial',
  'opinion',
  'open-source',
]

const TOPICS = [
  'error handling',
  'input validation',
  'connection pooling',
  'database indexes',
  'rate limiting',
  'graceful shutdown',
  'structured logging',
  'feature flags',
  'background jobs',
  'pagination',
  'caching strategies',
  'API versioning',
  'integration tests',
  'dependency injection',
  'transactions',
  'retries and timeouts',
  'password hashing',
  'JSON Web Tokens',
  'health checks',
  'schema migrations',
  'monorepos',
  'code review',
  'query plans',
  'message queues',
  'CORS',
]
const TECH = [
  'Express',
  'Node.js',
  'TypeScript',
  'Prisma',
  'PostgreSQL',
  'SQLite',
  'Redis',
  'Docker',
  'Vitest',
  'Zod',
  'Kubernetes',
  'GitHub Actions',
  'OpenTelemetry',
  'Nginx',
]
const ADJECTIVES = [
  'practical',
  'gentle',
  'opinionated',
  'complete',
  'pragmatic',
  'short',
  'honest',
  'visual',
  'modern',
  'boring',
  'minimal',
  'battle-tested',
]
const AUDIENCES = [
  'busy teams',
  'beginners',
  'senior engineers',
  'small startups',
  'legacy codebases',
  'side projects',
  'on-call engineers',
  'growing teams',
]
const TITLE_TEMPLATES: Array<(r: Random) => string> = [
  (r) => `How we fixed ${r.pick(TOPICS)} in our ${r.pick(TECH)} API`,
  (r) => `A ${r.pick(ADJECTIVES)} guide to ${r.pick(TOPICS)}`,
  (r) => `${capitalize(r.pick(TOPICS))} with ${r.pick(TECH)}: what I wish I had known`,
  (r) => `${capitalize(r.pick(TOPICS))} for ${r.pick(AUDIENCES)}`,
  (r) => `Why ${r.pick(TOPICS)} matters more than you think`,
  (r) => `Lessons from a year of ${r.pick(TOPICS)} in production`,
  (r) => `Stop ignoring ${r.pick(TOPICS)}`,
  (r) => `${r.pick(TECH)} and ${r.pick(TECH)}: a ${r.pick(ADJECTIVES)} comparison`,
  (r) => `${r.int(3, 12)} mistakes we made with ${r.pick(TOPICS)}`,
  (r) => `Getting started with ${r.pick(TECH)}`,
  (r) => `What ${r.pick(TOPICS)} taught us about ${r.pick(TOPICS)}`,
]
const DESCRIPTION_TEMPLATES: Array<(r: Random) => string> = [
  (r) => `A walkthrough of ${r.pick(TOPICS)} for ${r.pick(AUDIENCES)}, with code you can copy.`,
  (r) => `What went wrong, what we changed, and how ${r.pick(TECH)} helped.`,
  (r) => `Notes from migrating a ${r.pick(TECH)} service, and the ${r.pick(TOPICS)} we got wrong.`,
  (r) => `The ${r.pick(ADJECTIVES)} version: no hype, just trade-offs.`,
  (r) => `Everything I learned about ${r.pick(TOPICS)} the hard way.`,
  (r) => `A ${r.pick(ADJECTIVES)} look at ${r.pick(TOPICS)} and when to skip it.`,
]
const SENTENCE_TEMPLATES: Array<(r: Random) => string> = [
  (r) => `Most teams meet ${r.pick(TOPICS)} for the first time during an incident.`,
  (r) => `We started with ${r.pick(TECH)} because it was already in the stack.`,
  (r) => `The first version worked fine until traffic grew by a factor of ${r.int(3, 50)}.`,
  (r) => `In hindsight, ${r.pick(TOPICS)} should have been part of the design from day one.`,
  (r) => `Nobody on the team owned ${r.pick(TOPICS)}, so nobody noticed it was missing.`,
  (r) => `The fix took ${r.int(2, 40)} lines of code and ${r.int(2, 14)} days of arguing.`,
  (r) => `${capitalize(r.pick(TOPICS))} is not glamorous, but it is what keeps the pager quiet.`,
  (r) => `Measure first: our guess about the slow part was wrong ${r.int(2, 4)} times out of ${r.int(5, 6)}.`,
  (r) => `A small test around ${r.pick(TOPICS)} would have caught the bug before release.`,
  () => `We wrote it down as a checklist so the next service gets it for free.`,
  (r) => `${r.pick(TECH)} makes the easy path the right one, most of the time.`,
  () => `The trade-off is more code up front and far fewer surprises later.`,
  (r) => `If you only change one thing this quarter, make it ${r.pick(TOPICS)}.`,
  (r) => `Our p99 latency dropped from ${r.int(800, 3000)} ms to ${r.int(40, 300)} ms.`,
  () => `The logs told us what happened; they did not tell us why.`,
  () => `Reviewers kept asking the same question, which was a sign the code was unclear.`,
]
const HEADINGS = ['The problem', 'What we tried', 'What worked', 'Trade-offs', 'Takeaways', 'Further reading']
const COMMENT_TEMPLATES: Array<(r: Random) => string> = [
  () => 'Great write-up, thanks for sharing!',
  (r) => `We hit the same issue with ${r.pick(TECH)} last month.`,
  (r) => `Did you consider ${r.pick(TOPICS)} instead?`,
  () => 'This is the article I needed a year ago.',
  (r) => `How does this hold up under ${r.int(2, 20)}x the load?`,
  () => 'Bookmarked. The trade-offs section is gold.',
  (r) => `Small nit: the ${r.pick(TECH)} example needs an await.`,
  () => 'Could you share the benchmark setup?',
  (r) => `We went the other way and regret it. ${capitalize(r.pick(TOPICS))} is hard.`,
  () => 'Clear and to the point. More of this, please.',
]

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

function paragraph(r: Random): string {
  const sentences: string[] = []
  for (let i = r.int(3, 6); i > 0; i--) sentences.push(r.pick(SENTENCE_TEMPLATES)(r))
  return sentences.join(' ')
}

function articleBody(r: Random): string {
  const sections: string[] = [paragraph(r)]
  const headings = [...HEADINGS]
  for (let i = r.int(2, 4); i > 0; i--) {
    const heading = headings.splice(r.int(0, headings.length - 1), 1)[0] ?? 'Notes'
    sections.push(`## ${heading}`, paragraph(r))
    if (r.chance(0.3)) sections.push(paragraph(r))
  }
  return sections.join('\n\n')
}

/** `count` dates in [from, to], sorted oldest first (so ids follow time). */
function sortedDates(r: Random, count: number, from: number, to: number): Date[] {
  const times: number[] = []
  for (let i = 0; i < count; i++) times.push(Math.floor(from + r.float() * (to - from)))
  times.sort((a, b) => a - b)
  return times.map((t) => new Date(t))
}

async function insert(delegate: Delegate, rows: object[]): Promise<number> {
  let count = 0
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    count += (await delegate.createMany({ data: rows.slice(i, i + BATCH_SIZE) })).count
  }
  return count
}

// ---------------------------------------------------------------------------

export async function seed(prisma: SeedClient, options: Partial<SeedOptions> = {}): Promise<SeedCounts> {
  const o: SeedOptions = { ...defaultSeedOptions, ...options }
  const r = new Random(o.seed)
  const now = o.now.getTime()
  const yearAgo = now - 365 * DAY

  // Clear: children first.
  await prisma.favorite.deleteMany()
  await prisma.comment.deleteMany()
  await prisma.articleTag.deleteMany()
  await prisma.follow.deleteMany()
  await prisma.article.deleteMany()
  await prisma.tag.deleteMany()
  await prisma.user.deleteMany()

  // Users: joined in the month before the first article.
  const password = hashPassword(SEED_PASSWORD)
  const userDates = sortedDates(r, o.users, yearAgo - 30 * DAY, yearAgo)
  const usernames = new Set<string>()
  const users = userDates.map((createdAt, i) => {
    let username = `${r.pick(FIRST_NAMES)}_${r.pick(LAST_NAMES)}`
    while (usernames.has(username)) username = `${r.pick(FIRST_NAMES)}_${r.pick(LAST_NAMES)}${r.int(2, 99)}`
    usernames.add(username)
    return {
      id: i + 1,
      email: `${username}@example.com`,
      username,
      password,
      bio: r.chance(0.6) ? r.pick(BIOS) : '',
      image: r.chance(0.5) ? `https://avatars.example.com/${username}.png` : null,
      createdAt,
      updatedAt: createdAt,
    }
  })

  const tagCount = Math.min(o.tags, TAG_NAMES.length)
  const tags = TAG_NAMES.slice(0, tagCount).map((name, i) => ({ id: i + 1, name }))

  // Articles: a few prolific authors write most of them.
  const slugs = new Set<string>()
  const articleDates = sortedDates(r, o.articles, yearAgo, now)
  const articles = articleDates.map((createdAt, i) => {
    const title = r.pick(TITLE_TEMPLATES)(r)
    let slug = `${slugify(title)}-${r.suffix(6)}`
    while (slugs.has(slug)) slug = `${slugify(title)}-${r.suffix(6)}`
    slugs.add(slug)
    const edited = r.chance(0.2)
    return {
      id: i + 1,
      slug,
      title,
      description: r.pick(DESCRIPTION_TEMPLATES)(r),
      body: articleBody(r),
      favoritesCount: 0,
      createdAt,
      updatedAt: edited ? new Date(createdAt.getTime() + r.float() * (now - createdAt.getTime())) : createdAt,
      authorId: r.skewed(o.users, 1.8) + 1,
    }
  })

  // Tags: 1–4 per article, popular tags picked more often.
  const articleTags: Array<{ articleId: number; tagId: number }> = []
  if (tagCount > 0) {
    for (const article of articles) {
      const chosen = new Set<number>()
      const want = Math.min(r.int(1, 4), tagCount)
      while (chosen.size < want) chosen.add(r.skewed(tagCount, 1.6) + 1)
      for (const tagId of chosen) articleTags.push({ articleId: article.id, tagId })
    }
  }

  // Comments: after their article, by anyone.
  const commentDrafts = []
  for (let i = 0; i < o.comments && articles.length > 0; i++) {
    const article = articles[r.skewed(articles.length, 0.7)]!
    const from = article.createdAt.getTime()
    const createdAt = new Date(from + r.float() * (now - from))
    commentDrafts.push({
      body: r.pick(COMMENT_TEMPLATES)(r),
      createdAt,
      updatedAt: createdAt,
      articleId: article.id,
      authorId: r.int(1, o.users),
    })
  }
  commentDrafts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  const comments = commentDrafts.map((comment, i) => ({ id: i + 1, ...comment }))

  // Favorites: unique (user, article) pairs, newer articles favorited more.
  const favoriteKeys = new Set<string>()
  const favorites: Array<{ userId: number; articleId: number; createdAt: Date }> = []
  const favoriteTarget = Math.min(o.favorites, o.users * o.articles)
  while (favorites.length < favoriteTarget) {
    const userId = r.int(1, o.users)
    const article = articles[o.articles - 1 - r.skewed(o.articles, 1.3)]!
    const key = `${userId}:${article.id}`
    if (favoriteKeys.has(key)) continue
    favoriteKeys.add(key)
    article.favoritesCount += 1
    const from = article.createdAt.getTime()
    favorites.push({ userId, articleId: article.id, createdAt: new Date(from + r.float() * (now - from)) })
  }

  // Follows: unique pairs, nobody follows themselves; prolific authors have more followers.
  const followKeys = new Set<string>()
  const follows: Array<{ followerId: number; followingId: number; createdAt: Date }> = []
  const followTarget = Math.min(o.follows, o.users * (o.users - 1))
  while (follows.length < followTarget) {
    const followerId = r.int(1, o.users)
    const followingId = r.skewed(o.users, 1.5) + 1
    const key = `${followerId}:${followingId}`
    if (followerId === followingId || followKeys.has(key)) continue
    followKeys.add(key)
    follows.push({ followerId, followingId, createdAt: new Date(yearAgo + r.float() * (now - yearAgo)) })
  }

  // Parents first.
  return {
    users: await insert(prisma.user, users),
    tags: await insert(prisma.tag, tags),
    articles: await insert(prisma.article, articles),
    articleTags: await insert(prisma.articleTag, articleTags),
    comments: await insert(prisma.comment, comments),
    favorites: await insert(prisma.favorite, favorites),
    follows: await insert(prisma.follow, follows),
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  const clientFile = path.join(process.cwd(), 'src/generated/prisma/client.ts')
  const { PrismaClient } = (await import(pathToFileURL(clientFile).href)) as {
    PrismaClient: new (options: { adapter: PrismaLibSQL }) => SeedClient & { $disconnect(): Promise<void> }
  }
  const url = process.env.DATABASE_URL ?? 'file:./dev.db'
  const prisma = new PrismaClient({ adapter: new PrismaLibSQL({ url }) })
  try {
    const counts = await seed(prisma)
    const seconds = ((performance.now() - started) / 1000).toFixed(2)
    console.log(`Seeded ${url} in ${seconds} s:`)
    for (const [table, count] of Object.entries(counts)) console.log(`  ${table.padEnd(12)} ${count}`)
  } finally {
    await prisma.$disconnect()
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
