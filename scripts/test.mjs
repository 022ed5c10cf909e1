#!/usr/bin/env node
// `npm test`: the suite on embedded PGlite, and again on a PostgreSQL server when DATABASE_URL
// points at one. Ends with the plain line "N passed, N failed" and a non-zero exit on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Tests that touch the database; the postgres lane runs only these (the rest has no database to vary).
const DATABASE_TEST_DIRS = ['test/api', 'test/db', 'test/engine', 'test/responses', 'test/webhooks', 'test/ats', 'test/registry'].filter((d) => existsSync(d));
const extraArgs = process.argv.slice(2);

// Builds the lane's migrated template database once, before test files run in parallel.
function prepareTemplate(lane) {
  const env = { ...process.env, TEST_DB_LANE: lane };
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/prepare-databases.ts'], { env, stdio: 'inherit' });
  return run.status === 0;
}

function runLane(lane, files) {
  return new Promise((resolve) => {
    process.stdout.write(`\n=== tests on ${lane === 'pglite' ? 'embedded PGlite' : 'PostgreSQL server'} ===\n`);
    if (!prepareTemplate(lane)) {
      process.stdout.write(`could not prepare the ${lane} template database\n`);
      resolve({ passed: 0, failed: 1, skipped: 0 });
      return;
    }
    const child = spawn(
      process.execPath,
      [
        'node_modules/tap/dist/esm/run.mjs',
        '--reporter=tap',
        ...extraArgs,
        ...files,
      ],
      { env: { ...process.env, TEST_DB_LANE: lane }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    child.on('close', (code) => {
      // tap's closing summary: "# { total: 12, pass: 11, fail: 1, skip: 0 }"
      const summary = tail.match(/# \{ total: (\d+)[^}]*\}/)?.[0] ?? '';
      const count = (name) => Number(summary.match(new RegExp(`${name}: (\\d+)`))?.[1] ?? 0);
      const failed = count('fail') + (summary ? 0 : 1);
      resolve({ passed: count('pass'), failed: code !== 0 && failed === 0 ? 1 : failed, skipped: count('skip') + count('todo') });
    });
  });
}

const lanes = [['pglite', []]];
if (process.env.DATABASE_URL) lanes.push(['postgres', DATABASE_TEST_DIRS]);
else process.stdout.write('DATABASE_URL is not set: running the PGlite lane only (.ci/run starts a server for both)\n');

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const [lane, files] of lanes) {
  const result = await runLane(lane, files);
  for (const k of Object.keys(totals)) totals[k] += result[k];
}
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exit(totals.failed > 0 ? 1 : 0);
