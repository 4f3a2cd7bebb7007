import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Boundaries (ARCHITECTURE.md): pure math and the parameter table import no UI,
// store, worker or DOM code; the engine imports no views; the CLI and the exports no engine
// (tests/unit/architecture/layering.test.ts checks the folders for cycles as well).
const UI_AND_STATE = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'comlink', 'd3-selection', 'd3-axis'];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'playwright-report', 'test-results', 'bench/.build'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/views/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['src/core/**', 'src/params/**', 'src/lecture/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...UI_AND_STATE, '**/state/**', '**/views/**', '**/compute/**', '**/app/**', '**/workers/**'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'navigator'],
    },
  },
  {
    // Numbers that are shown, exported or compared come from the portable elementary
    // functions (core/linalg/elementary.ts): the engines' Math.exp, log, sin, tanh …
    // differ in the last bit between browsers and Node, and on a chaotic orbit that bit
    // is the picture. Drawing geometry (svgContext's rotations) may use Math.
    files: ['src/core/**', 'src/params/**', 'src/cli/**', 'src/export/**', 'workers/**'],
    ignores: ['src/export/svgContext.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'asin', 'acos', 'atan', 'atan2', 'asinh', 'acosh', 'atanh', 'pow', 'cbrt', 'hypot'].map(
          (property) => ({ object: 'Math', property, message: 'not the same bits in every engine: use core/linalg/elementary.ts' }),
        ),
      ],
      // x ** y is Math.pow: write squares as products (a literal base, as in 2 ** 28, is a constant)
      'no-restricted-syntax': ['error', { selector: "BinaryExpression[operator='**'][left.type!='Literal']", message: 'x ** y is Math.pow, not the same bits in every engine: write the product' }],
    },
  },
  {
    files: ['workers/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'zustand', 'zustand/*', '**/state/**', '**/views/**', '**/app/**'] }] },
  },
  {
    files: ['src/compute/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', '**/views/**', '**/app/**'] }] },
  },
  {
    files: ['src/cli/**', 'src/export/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...UI_AND_STATE, '**/state/**', '**/views/**', '**/compute/**', '**/app/**', '**/workers/**'] }] },
  },
  {
    files: ['src/state/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['react-dom', '**/views/**', '**/workers/**', 'comlink'] }] },
  },
);
