#!/usr/bin/env node
// The floor: the same templates, rendered by the same view engine on Express, from view models held in
// memory (captured once from the real services by bench/capture.js). No database, no session, no guards:
// what a page would cost if fetching its data were free.
//
//   PORT=4000 node bench/floor.js <models.json>
const fs = require('fs');
const path = require('path');
const express = require('express');

const root = path.resolve(__dirname, '..');
const { createViewEngine } = require(path.join(root, 'dist', 'common', 'views', 'view-engine.js'));
const { pageContext } = require(path.join(root, 'dist', 'common', 'page-context.js'));

const models = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
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
// The real page context (language, person, navigation), with a token of the real length for the forms.
app.use(pageContext(() => 'f'.repeat(64)));
for (const model of byPath.values()) {
  app.get(model.path, (_req, res) => res.render(model.view, model.data));
}

const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`floor listening on ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
