/** Jest runs the TypeScript sources through ts-jest as CommonJS; `npm run typecheck` does the type checking. */
module.exports = {
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
  roots: ['<rootDir>/test'],
  setupFiles: ['<rootDir>/test/fast-check-seed.cjs'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        isolatedModules: true,
        tsconfig: { module: 'CommonJS', moduleResolution: 'Node10', esModuleInterop: true, jsx: 'react-jsx' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'json'],
};
