import js from '@eslint/js'
import path from 'node:path'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// playground/ is a learner's work in progress: the root lint leaves it out, so it
// never fails the workshop's own lint. `npm run lint` inside playground/ (its
// `eslint .` finds this file, the playground having no config of its own) lints it.
// saved-playgrounds/ holds earlier playgrounds (epicshop/save-playground.mjs).
const playground = path.join(import.meta.dirname, 'playground')
const fromPlayground = path.relative(playground, process.cwd())
const lintingPlayground = fromPlayground.split(path.sep)[0] !== '..' && !path.isAbsolute(fromPlayground)

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/src/generated/**',
      'epicshop/node_modules/**',
      'tools/test/.tmp/**',
      ...(lintingPlayground ? [] : ['playground/**']),
      'saved-playgrounds/**',
      '.ci-artifacts/**',
      '.counterfeits/**',
      '**/.mutate/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
)
