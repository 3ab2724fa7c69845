import { describe, expect, test } from 'vitest'
import { parseCliArgs, UsageError } from '../src/bench/load-args.js'
import { compare, ENDPOINTS, invalidReason, type Endpoint, type Figures } from '../src/bench/load-compare.js'
import {
  comparisonTable,
  formatFraction,
  formatGoal,
  formatMs,
  formatRate,
  formatReport,
  formatTimes,
} from '../src/bench/load-format.js'

const tags = ENDPOINTS.find((endpoint) => endpoint.path === '/api/tags')!
const articles = ENDPOINTS.find((endpoint) => endpoint.path === '/api/articles')!

function figures(requestsPerSecond: number, p99Ms: number, extra: Partial<Figures> = {}): Figures {
  return { requestsPerSecond, p99Ms, responses: Math.round(requestsPerSecond * 10), non2xx: 0, errors: 0, ...extra }
}

describe('compare', () => {
  test('divides this app’s req/s and p99 by the inherited app’s', () => {
    const result = compare(tags, figures(900, 20), figures(4_500, 5))
    expect(result.throughputRatio).toBeCloseTo(5)
    expect(result.p99Ratio).toBeCloseTo(0.25)
  })

  test('tags: the goal is met from 5× the throughput, whatever the p99', () => {
    expect(compare(tags, figures(900, 20), figures(4_500, 40)).goalMet).toBe(true)
    expect(compare(tags, figures(900, 20), figures(4_400, 2)).goalMet).toBe(false)
  })

  test('articles: the goal needs 20× the throughput and at most a tenth of the p99', () => {
    expect(compare(articles, figures(27, 1_500), figures(540, 150)).goalMet).toBe(true)
    expect(compare(articles, figures(27, 1_500), figures(800, 160)).goalMet).toBe(false)
    expect(compare(articles, figures(27, 1_500), figures(500, 20)).goalMet).toBe(false)
  })

  test('a ratio over zero is unknown, and an unknown ratio does not meet a goal', () => {
    const noThroughput = compare(tags, figures(0, 20), figures(1_000, 5))
    expect(noThroughput.throughputRatio).toBeUndefined()
    expect(noThroughput.goalMet).toBe(false)
    const noP99 = compare(articles, figures(27, 0), figures(1_000, 5))
    expect(noP99.p99Ratio).toBeUndefined()
    expect(noP99.goalMet).toBe(false)
  })
})

describe('invalidReason', () => {
  test('accepts figures with a few failed requests', () => {
    expect(invalidReason(figures(100, 10, { responses: 1_000, non2xx: 40, errors: 0 }))).toBeUndefined()
  })

  test('refuses figures where more than 5% of the requests got a non-2xx status, and counts them', () => {
    const reason = invalidReason(figures(100, 10, { responses: 1_000, non2xx: 60 }))
    expect(reason).toContain('60 non-2xx')
    expect(reason).toContain('6.0%')
  })

  test('counts requests without a response as failed', () => {
    expect(invalidReason(figures(100, 10, { responses: 900, non2xx: 0, errors: 100 }))).toContain(
      '100 without a response',
    )
  })

  test('refuses a run without any response', () => {
    expect(invalidReason(figures(0, 0, { responses: 0, errors: 12 }))).toBe('no response at all')
  })
})

describe('number formats', () => {
  test('req/s: one decimal below 100, whole numbers with separators above', () => {
    expect(formatRate(27.44)).toBe('27.4')
    expect(formatRate(987.6)).toBe('988')
    expect(formatRate(12_345.2)).toBe('12,345')
  })

  test('latency in ms', () => {
    expect(formatMs(1_520)).toBe('1,520 ms')
    expect(formatMs(3.5)).toBe('3.5 ms')
  })

  test('ratios, and n/a where one could not be computed', () => {
    expect(formatTimes(35.2)).toBe('35×')
    expect(formatTimes(1.24)).toBe('1.2×')
    expect(formatTimes(undefined)).toBe('n/a')
    expect(formatFraction(0.0456)).toBe('0.046')
    expect(formatFraction(0.8)).toBe('0.80')
    expect(formatFraction(undefined)).toBe('n/a')
  })

  test('goals as the module states them', () => {
    expect(formatGoal(articles.goal)).toBe('≥ 20×, p99 ≤ 1/10')
    expect(formatGoal(tags.goal)).toBe('≥ 5×')
  })
})

describe('the report', () => {
  const comparisons = [
    compare(tags, figures(950, 18), figures(5_210, 4)),
    compare(articles, figures(27.4, 1_520), figures(35.1, 1_210, { non2xx: 3 })),
  ]

  test('one aligned table: every line as wide as the header', () => {
    const lines = comparisonTable(comparisons).split('\n')
    expect(lines).toHaveLength(4)
    for (const line of lines) expect(line).toHaveLength(lines[0]!.length)
  })

  test('each row shows both apps’ figures, the ratios and whether the goal is met', () => {
    const [, , tagsRow, articlesRow] = comparisonTable(comparisons).split('\n')
    const cells = (row: string) =>
      row
        .split('|')
        .map((cell) => cell.trim())
        .filter(Boolean)
    expect(cells(tagsRow!)).toEqual(['GET /api/tags', '950', '18 ms', '5,210', '4.0 ms', '5.5×', '0.22', '≥ 5×: met'])
    expect(cells(articlesRow!)).toEqual([
      'GET /api/articles',
      '27.4',
      '1,520 ms',
      '35.1',
      '1,210 ms',
      '1.3×',
      '0.80',
      '≥ 20×, p99 ≤ 1/10: not met',
    ])
  })

  test('names both apps, the rows of the database and the non-2xx counts', () => {
    const endpoint: Endpoint = tags
    const text = formatReport({
      inheritedApp: 'exercises/01.foundations/01.problem.app-factory (src/app.ts)',
      currentApp: 'playground (src/server.ts)',
      connections: 10,
      durationSeconds: 10,
      warmupSeconds: 2,
      rows: { users: 50, articles: 1_000 },
      environment: 'NODE_ENV=production',
      machine: 'Node v22.0.0, 2 CPUs',
      comparisons: [
        compare(endpoint, figures(950, 18, { responses: 9_500 }), figures(990, 17, { responses: 9_900, non2xx: 7 })),
      ],
    })
    expect(text).toContain('exercises/01.foundations/01.problem.app-factory (src/app.ts)')
    expect(text).toContain('playground (src/server.ts)')
    expect(text).toContain('50 users, 1,000 articles')
    expect(text).toContain('GET /api/tags 9,500 (0) → 9,900 (7)')
    expect(text).toContain('Goal met on 0 of 1 endpoints')
  })
})

describe('the command line', () => {
  test('defaults: 10 s, 10 connections, a 2 s warm-up, no JSON file', () => {
    expect(parseCliArgs([])).toEqual({
      durationSeconds: 10,
      connections: 10,
      warmupSeconds: 2,
      json: undefined,
      help: false,
    })
  })

  test('reads every flag', () => {
    expect(parseCliArgs(['--duration', '3', '--connections', '4', '--warmup', '0', '--json', 'out.json'])).toEqual({
      durationSeconds: 3,
      connections: 4,
      warmupSeconds: 0,
      json: 'out.json',
      help: false,
    })
  })

  test.each([['--bogus'], ['extra'], ['--duration', '0'], ['--connections', '1.5'], ['--duration', 'ten']])(
    'rejects %s',
    (...args) => {
      expect(() => parseCliArgs(args)).toThrow(UsageError)
    },
  )
})
