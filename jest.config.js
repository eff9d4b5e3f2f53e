/** Three layers: unit specs beside the code, end-to-end tests over HTTP, and the browser crawl. */
const transform = { '^.+\\.ts$': ['ts-jest', {}] };
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/**/*.browser-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'] },
  ],
};
