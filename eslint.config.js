// One linter for the whole tree; layering (shared/ and server/domain/ stay pure, the client core stays out
// of the browser, the simulator is a client) is enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

/**
 * Modules that do I/O (or read the clock, the host or chance): neither shared/ nor server/domain/ may
 * import them. Every Node built-in by its exact name, bare and `node:` (exact names, since a pattern
 * such as `domain` or `events` would also catch our own ./domain), and the I/O packages we depend on.
 */
const IO_PATHS = [
  ...new Set([...builtinModules, ...builtinModules.map((m) => (m.startsWith('node:') ? m : `node:${m}`))]),
  'pino',
  'redis',
  'express',
  'socket.io',
  'socket.io-client',
];
const IO_PATTERNS = ['node:*', 'pino/*', '@socket.io/*', '@redis/*', 'socket.io-client/*'];
/** What a pure rule may not reach for: it is given the time and the facts, and says nothing itself. */
const IMPURE_GLOBALS = [
  'process',
  'fetch',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'console',
  'performance',
  // crypto.randomUUID() is chance; globalThis reaches every global above by another name.
  'crypto',
  'globalThis',
];
/** The client core, free of the browser: the screens wrap it, the simulator runs it as it is. */
const CLIENT_CORE = [
  'client/net/cluster-info.ts',
  'client/net/command-id.ts',
  'client/net/dispatch-client.ts',
  'client/net/outbox-pump.ts',
  'client/net/outbox-storage.ts',
  'client/net/outbox.ts',
  'client/net/receipts.ts',
  'client/net/session.ts',
  'client/net/sync-mirror.ts',
  'client/net/sync-result.ts',
  'client/net/types.ts',
];
const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'indexedDB'].map((name) => ({
  name,
  message: 'The client core runs in Node too: the browser is injected.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests may assert presence with `!`: a wrong guess fails the test, which is what a test is for.
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The client core: what the screens and the simulator both run, so nothing of the browser. Storage and
    // the network watch are injected by the browser wiring (use-session-client.ts).
    files: CLIENT_CORE,
    rules: {
      'no-restricted-globals': ['error', ...BROWSER_GLOBALS],
      // `globalThis.localStorage` and the like reach the browser past no-restricted-globals.
      'no-restricted-properties': [
        'error',
        ...BROWSER_GLOBALS.flatMap(({ name, message }) =>
          ['globalThis', 'self', 'window'].map((object) => ({ object, property: name, message })),
        ),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**'], message: 'The client core talks to the server over the protocol only.' },
            {
              group: ['idb-keyval', 'react', 'react-dom'],
              message: 'The client core runs in Node: browser wiring is injected.',
            },
            {
              // An allow-list: other core files and shared/, nothing else of the tree (gitignore semantics:
              // the parent folders are let through so shared/'s files can be).
              group: [
                './*',
                '../**',
                ...CLIENT_CORE.map((f) => `!./${f.replace(/^client\/net\//, '').replace(/\.ts$/, '')}`),
                '!../..',
                '!../../shared',
                '!../../shared/**',
              ],
              message: 'The client core imports only other core files (CLIENT_CORE) and shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulator is a client: it runs the client core, never the server's code or the browser's wiring.
    files: ['simulator/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...BROWSER_GLOBALS],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The clock is the one leaf both sides schedule with (no server state behind it).
              group: ['../server/**', '!../server/clock'],
              message: 'The simulator is a client: it reaches the server over HTTP and Socket.IO only.',
            },
            {
              // gitignore semantics: client/net itself is let through so its core files can be.
              group: [
                '../client/**',
                '!../client/net',
                '../client/net/*',
                ...CLIENT_CORE.map((f) => `!../${f.replace(/\.ts$/, '')}`),
              ],
              message: 'The simulator runs the client core only (see CLIENT_CORE in eslint.config.js).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: pureRules('shared/', [
      { group: ['**/server/**', '**/client/**'], message: 'shared/ may not import app code.' },
    ]),
  },
  {
    // The server's rules (decide, authorize, audience, the timer rules) are pure functions of the state,
    // the time and what they are told, so they are planned again after a seq race and tested on plain states.
    files: ['server/domain/**/*.ts'],
    rules: pureRules('server/domain/', [
      {
        // Relative imports stay inside server/domain/ or reach shared/; nothing else of the app.
        regex: '^\\.\\./(?!\\.\\./shared/)',
        message: 'server/domain/ imports only shared/ and server/domain/.',
      },
      { group: ['**/client/**'], message: 'server/domain/ imports only shared/ and server/domain/.' },
    ]),
  },
);

/**
 * The rules of code that is a pure function of what it is given (shared/, which client and server both run,
 * and server/domain/): no I/O, no timers or process, no clock or randomness of its own; `imports` adds the
 * area's own import boundary.
 */
function pureRules(area, imports) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [...imports, { group: IO_PATTERNS, message: `${area} does no I/O.` }],
        paths: IO_PATHS.map((name) => ({ name, message: `${area} does no I/O.` })),
      },
    ],
    'no-restricted-globals': [
      'error',
      ...IMPURE_GLOBALS.map((name) => ({ name, message: `${area} is pure: it is given what it needs.` })),
    ],
    'no-restricted-properties': [
      'error',
      { object: 'Date', property: 'now', message: `${area} is given the time (\`now\`).` },
      { object: 'Math', property: 'random', message: `${area} is deterministic.` },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: `${area} is given the time (\`now\`): new Date(now), not new Date().`,
      },
    ],
  };
}
