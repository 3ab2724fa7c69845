import { describe, test } from 'vitest'

describe('Cache aside', () => {
  test.todo('🚨 the behaviour that only this practice gives')
})
