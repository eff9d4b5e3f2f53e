/**
 * The layers of src/ and the imports between them that `npm run lint` refuses. docs/architecture.md draws the
 * same map; a rule broken here names the layer and says why it must not lean that way.
 */

// Each layer as a path pattern. A folder that is none of the named lower layers is a feature, so a new feature
// folder is held to the feature rules without being listed here.
const LOWER = ['common', 'config', 'i18n', 'database', 'auth', 'users', 'audit', 'curricula', 'ledger', 'cohorts', 'demo', 'cli'];
const layers = {
  Boot: '^src/(main|app|app\\.module|cli)\\.ts$|^src/cli/',
  Demo: '^src/demo/',
  Features: `^src/(?!(${LOWER.join('|')})/)[^/]+/`,
  Cohorts: '^src/cohorts/',
  Identity: '^src/(auth|users)/',
  Audit: '^src/audit/',
  Curricula: '^src/curricula/',
  Ledger: '^src/ledger/',
  Database: '^src/database/',
  Common: '^src/(common|config|i18n)/',
};

// Arrows that must never exist, each with the reason a reader of a failing lint is given.
const never = [
  ['Common', 'Features', 'shared code sits below the features'],
  ['Common', 'Identity', 'guards take the person type and roles from common/, not from sign-in'],
  ['Database', 'Features', 'the data layer knows no feature; the data source finds entities by file name'],
  ['Database', 'Identity', 'the data layer knows no feature'],
  ['Database', 'Cohorts', 'the data layer knows no feature'],
  ['Database', 'Curricula', 'the data layer knows no feature'],
  ['Database', 'Ledger', 'the data layer knows no feature'],
  ['Cohorts', 'Features', 'the core knows no feature that uses it; its administration is the cohort-admin feature'],
  ['Identity', 'Features', 'sign-in and accounts know no feature'],
  ['Audit', 'Features', 'the audit log records, it does not reach back'],
  ['Audit', 'Identity', 'sign-in writes to the audit log, so the log sits below it'],
  ['Audit', 'Cohorts', 'the audit log knows ids, not cohorts'],
  ['Curricula', 'Features', 'programme files know no feature'],
  ['Ledger', 'Features', 'the ledger records, it does not reach back'],
  ['Ledger', 'Curricula', 'hashing helpers belong below both'],
  ['Features', 'Demo', 'no feature depends on the demo'],
  ['Features', 'Boot', 'no feature reaches the boot code'],
];

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Two folders that import each other are one module in two places: move the shared piece down a layer.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment:
        'A file cycle leaves one side half-loaded at start-up; entities that point at each other share one file or point one way.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'common-imports-no-feature',
      comment: 'common/, config/ and i18n/ sit under everything else, so they import only each other.',
      severity: 'error',
      from: { path: layers.Common },
      to: { path: '^src/', pathNot: layers.Common },
    },
    {
      name: 'database-imports-only-common',
      comment: 'The data layer (data source, migrations, transactions) knows configuration and common helpers, no feature.',
      severity: 'error',
      from: { path: layers.Database },
      to: { path: '^src/', pathNot: `${layers.Database}|^src/(common|config)/` },
    },
    {
      name: 'cohort-core-imports-no-feature',
      comment: 'Every feature reads cohorts, enrolments and access checks; the core may lean only on the layers below it.',
      severity: 'error',
      from: { path: layers.Cohorts },
      to: { path: '^src/', pathNot: [layers.Cohorts, layers.Identity, layers.Audit, layers.Curricula, layers.Database, layers.Common].join('|') },
    },
    {
      name: 'nothing-imports-demo-or-boot',
      comment: 'The demo seeds through the services and the boot files wire everything; no other code may depend on them.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${layers.Boot}|${layers.Demo}` },
      to: { path: `${layers.Boot}|${layers.Demo}` },
    },
    {
      name: 'demo-imports-no-boot',
      comment: 'The demo is started by the boot code, never the other way round.',
      severity: 'error',
      from: { path: layers.Demo },
      to: { path: layers.Boot },
    },
    {
      name: 'controller-imports-no-foreign-entity',
      comment: "A controller routes to its own feature's services; another feature's tables are reached through that feature.",
      severity: 'error',
      from: { path: '^src/([^/]+)/.+\\.controller\\.ts$' },
      to: { path: '\\.entity\\.ts$', pathNot: '^src/$1/' },
    },
    ...never.map(([from, to, why]) => ({
      name: `never-${from.toLowerCase()}-to-${to.toLowerCase()}`,
      comment: `${from} must not import ${to}: ${why}.`,
      severity: 'error',
      from: { path: layers[from] },
      to: { path: layers[to] },
    })),
  ],
  options: {
    // Only our own sources: packages are neither followed nor judged.
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that names another's types depends on it as much as one that calls it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
