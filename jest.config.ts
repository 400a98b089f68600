import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
  testMatch: ['**/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^#bytes$': '<rootDir>/packages/core/src/bytesNode',
    '^#crypto$': '<rootDir>/packages/core/src/cryptoNode',
    '^#transport$': '<rootDir>/packages/core/src/transportNode',
    '^@invoicekit/([^/]+)/([^/]+)$': '<rootDir>/packages/$1/src/$2',
    '^@invoicekit/(.*)$': '<rootDir>/packages/$1/src',
  },
  testTimeout: 20000,
};

export default config;
