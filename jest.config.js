/** Three layers: unit specs beside the code, end-to-end tests over HTTP, and the browser crawl. */
// otplib's CommonJS build loads two packages published only as ES modules; Node reads them, Jest must have them compiled.
const ES_ONLY = '@scure|@noble';
const transform = { '^.+\\.ts$': ['ts-jest', {}], [`/node_modules/(${ES_ONLY})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true } }] };
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform, transformIgnorePatterns: [`^(?!.*/node_modules/(${ES_ONLY})/).*/node_modules/`] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/**/*.browser-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'] },
  ],
};
