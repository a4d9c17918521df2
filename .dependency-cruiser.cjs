/** Import boundaries (docs/architecture.md): core never imports a module; modules meet through services. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-not-to-modules',
      comment: 'core is below every module',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(modules|portal|dev)/' },
    },
    {
      name: 'modules-through-services',
      comment: "a module uses another module's service, model and schemas, never its store or routes",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/(store|routes|portal|jobs)\\.tsx?$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'web-only-schemas',
      comment:
        'the console imports only shared schemas (types), pure models and validators from the server tree',
      severity: 'error',
      from: { path: '^web/src/' },
      to: {
        path: '^src/',
        pathNot: [
          'schemas\\.ts$',
          '^src/modules/[^/]+/model\\.ts$',
          '^src/core/validators\\.ts$',
          '^src/core/auth/roles\\.ts$',
        ],
      },
    },
    {
      name: 'web-no-zod-at-runtime',
      comment:
        "zod probes for eval at start-up, which the console's CSP reports: the console takes schemas as types only",
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: 'schemas\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'models-are-pure',
      comment: 'model.ts holds pure rules: no I/O, no zod (the console bundles it)',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/model\\.ts$' },
      to: { path: '(^node:|node_modules/(zod|kysely|pg|fastify))' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
