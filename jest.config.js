/** Three layers: unit specs beside the code, end-to-end tests over HTTP, and the browser crawl. */

/**
 * Packages published only as ES modules, which jest's module loader cannot require: they are compiled to CommonJS
 * like our own sources. Plain Node (the built server) requires them as they are. The OpenID client and its
 * dependencies, and two that otplib's CommonJS build loads.
 */
const ESM_PACKAGES = ['openid-client', 'oauth4webapi', 'jose', '@scure', '@noble'];

const transform = {
  '^.+\\.ts$': ['ts-jest', {}],
  [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
};
// Nested copies too (otplib's plugin has its own @noble): any path whose innermost package is one of them is compiled.
const transformIgnorePatterns = [`^(?!.*/node_modules/(${ESM_PACKAGES.join('|')})/).*/node_modules/`];
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform, transformIgnorePatterns };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/**/*.browser-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'] },
  ],
};
