// Lint for what the type checker cannot see. Every regular expression that can
// meet user input must run in linear time, or one crafted request stalls the
// event loop for everyone (checked by eslint-plugin-regexp).
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default [
  { ignores: ['node_modules/**', '.data/**', 'coverage/**'] },
  {
    files: ['src/**/*.{ts,tsx}', 'emails/**/*.{ts,tsx}', 'db/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
];
