import { describe, test } from 'vitest'

describe('Atomic writes', () => {
  test.todo('🚨 the behaviour that only this practice gives')
})
