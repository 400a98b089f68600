import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
  testMatch: ['**/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@invoicekit/core/adapter$': '<rootDir>/packages/core/src/adapter',
    '^@invoicekit/(.*)$': '<rootDir>/packages/$1/src',
  },
  testTimeout: 20000,
};

export default config;
