#!/usr/bin/env node
// The floor: the same templates, rendered by the same framework from view models held in memory (captured
// once from the real services by bench/capture.js). A NestJS application like the server's: the same HTTP
// set-up (views, security headers, static files, body parsers, `configureHttp` in src/app.ts), the same
// global guards, error filter, interceptor and validation pipe, the real page context, and one controller
// per page returning its captured view model to `@Render`. No database, no session, no sign-in lookups:
// what a page would cost if fetching its data were free.
//
// With --express, the templates on bare Express instead (the view engine and page context only, no Nest):
// shown beside the floor as a reference for what the framework itself costs.
//
//   PORT=4000 node bench/floor.js <models.json> [--express]
const fs = require('fs');
const path = require('path');
const { BENCH_MAIL } = require('./lib');

const root = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { pageContext } = dist('common/page-context.js');
// A token of the real length for the forms.
const csrfToken = () => 'f'.repeat(64);

async function nestFloor(models, port) {
  const { Controller, Get, Module, Render } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { configureHttp } = dist('app.js');
  const { globalProviders } = dist('app.module.js');
  // The sign-in guard asks the second-factor gate; with no feature registered on it, nobody owes a factor.
  const { SecondFactorGateModule } = dist('common/second-factor-gate.js');
  const { loadConfig } = dist('config/config.js');
  const config = loadConfig({ ...process.env, ...BENCH_MAIL, NODE_ENV: 'production', DATABASE_URL: 'sqlite::memory:', SESSION_SECRET: 'x'.repeat(40), PUBLIC_URL: 'http://127.0.0.1' });

  const controllers = Object.values(models).map((model) => {
    // One controller per page, as the server has: GET <path> renders the page's view with its model.
    class FloorPage {
      page() {
        return model.data;
      }
    }
    const method = Object.getOwnPropertyDescriptor(FloorPage.prototype, 'page');
    Get(model.path)(FloorPage.prototype, 'page', method);
    Render(model.view)(FloorPage.prototype, 'page', method);
    Controller()(FloorPage);
    return FloorPage;
  });
  class FloorModule {}
  Module({ imports: [SecondFactorGateModule], controllers, providers: globalProviders() })(FloorModule);

  const app = await NestFactory.create(FloorModule, { bodyParser: false, logger: ['error'] });
  configureHttp(app, config);
  const byPath = new Map(Object.values(models).map((m) => [m.path, m]));
  // The signed-in person from memory, where the server reads the session and the account.
  app.use((req, _res, next) => {
    req.user = byPath.get(req.path)?.user;
    // A session from memory too, whose sign-in has given its second factor, as a signed-in one on the server has.
    if (req.user) req.session = { secondFactor: { userId: req.user.id, signedInAt: null } };
    next();
  });
  app.use(pageContext(csrfToken));
  await app.listen(port, '127.0.0.1');
  return app;
}

async function expressFloor(models, port) {
  const express = require('express');
  const { createViewEngine } = dist('common/views/view-engine.js');
  const viewsDir = path.join(root, 'views');
  const app = express();
  app.disable('x-powered-by');
  app.engine('hbs', createViewEngine(viewsDir, true));
  app.set('views', viewsDir);
  app.set('view engine', 'hbs');
  const byPath = new Map(Object.values(models).map((m) => [m.path, m]));
  app.use((req, _res, next) => {
    req.user = byPath.get(req.path)?.user;
    next();
  });
  app.use(pageContext(csrfToken));
  for (const model of byPath.values()) app.get(model.path, (_req, res) => res.render(model.view, model.data));
  const server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return { close: () => new Promise((resolve) => server.close(resolve)) };
}

async function main() {
  const [modelsFile, mode] = process.argv.slice(2);
  const models = JSON.parse(fs.readFileSync(modelsFile, 'utf8'));
  const port = Number(process.env.PORT);
  const app = mode === '--express' ? await expressFloor(models, port) : await nestFloor(models, port);
  console.log(`floor (${mode === '--express' ? 'Express' : 'Nest'}) listening on ${port}`);
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
