// Starts Compact for the browser tests, on a demo database of its own, and
// stops it again.
//
//   const server = await startServer('journeys');
//   server.baseUrl                    // http://127.0.0.1:PORT
//   server.accounts.secretariat       // { email, name, password, role }
//   await server.stop();              // SIGTERM, wait for exit, remove the files
//
// The binary is $COMPACT_BIN, or target/debug/compact in the repository.
// Everything it writes goes into one temporary directory, removed by stop().
// The server's output is kept in target/browser-tests/server-NAME.log.

import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const COMMAND_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** The accounts every test server has. Each signs in with its own password. */
const ACCOUNTS = {
  secretariat: {
    role: 'secretariat',
    email: 'sam.secretariat@example.org',
    name: 'Sam Secretariat',
  },
  // A member of a voluntary organisation in the demo, for the pages only
  // such a member sees (responding to a consultation).
  member: {
    role: 'member',
    email: 'mo.member@example.org',
    name: 'Mo Member',
    // By number: the demo has several organisations of that name.
    organisation: '9',
  },
  // An officer of the public body that leads the demo's consultations
  // (NHS Wiltshire Integrated Care Board), for the pages of its draft.
  officer: {
    role: 'officer',
    email: 'olu.officer@example.org',
    name: 'Olu Officer',
    organisation: '2',
  },
};

export function compactBin() {
  const bin = process.env.COMPACT_BIN
    ? path.resolve(process.env.COMPACT_BIN)
    : path.join(repoRoot, 'target', 'debug', 'compact');
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    throw new Error(
      `The compact binary ${bin} does not exist or cannot be run. ` +
        'Build it with `cargo build -p compact-cli`, or set COMPACT_BIN.',
    );
  }
  return bin;
}

/** The environment for the binary: no database chosen behind our back. */
function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.COMPACT_DATABASE_URL;
  return env;
}

/** Runs the binary to completion; resolves { stdout, stderr, code }. */
function run(bin, args, env) {
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { env: childEnv(env), timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ stdout, stderr, code, signal: error?.signal ?? null, error });
      },
    );
  });
}

function describeFailure(bin, args, result) {
  const how = result.signal
    ? `was killed by ${result.signal}${result.error?.killed ? ` (timed out after ${COMMAND_TIMEOUT_MS / 1000} s)` : ''}`
    : `exited with ${result.code ?? result.error?.message}`;
  return (
    `\`${path.basename(bin)} ${args.map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}\` ${how}\n` +
    `--- stderr ---\n${result.stderr.trim() || '(empty)'}\n--- stdout ---\n${result.stdout.trim() || '(empty)'}`
  );
}

async function mustRun(bin, args, env) {
  const result = await run(bin, args, env);
  if (result.code !== 0) throw new Error(describeFailure(bin, args, result));
  return result;
}

/** A port nobody was listening on a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the accounts with `compact user add`; a failure throws. */
async function addAccounts(bin, databaseUrl, accounts) {
  for (const account of Object.values(accounts)) {
    const args = [
      '--database', databaseUrl,
      'user', 'add',
      '--compact', 'wiltshire',
      '--email', account.email,
      '--name', account.name,
      '--role', account.role,
      ...(account.organisation ? ['--organisation', account.organisation] : []),
    ];
    const result = await run(bin, args, { COMPACT_PASSWORD: account.password });
    if (result.code !== 0) throw new Error(`Could not create the ${account.role} account: ${describeFailure(bin, args, result)}`);
  }
}

/**
 * Starts a server on a fresh demo database. `name` names its log file.
 */
export async function startServer(name = 'server') {
  const bin = compactBin();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'compact-browser-'));
  const databaseFile = path.join(tmp, 'demo.db');
  const databaseUrl = `sqlite://${databaseFile}`;
  const logDir = path.join(repoRoot, 'target', 'browser-tests');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `server-${name}.log`);

  const accounts = {};
  for (const [key, account] of Object.entries(ACCOUNTS)) {
    accounts[key] = { ...account, password: `pw-${randomBytes(18).toString('base64url')}` };
  }

  let child = null;
  let exited = null; // a promise that resolves with { code, signal } when the child exits
  let stopped = false;

  const removeTmp = () => fs.rmSync(tmp, { recursive: true, force: true });
  // If this process goes away without stop() (a crash, Ctrl+C), take the
  // server and the files with it.
  const onExit = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeTmp();
  };
  const onSignal = (signal) => {
    onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    let problem = null;
    try {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        let timer;
        const result = await Promise.race([
          exited,
          new Promise((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS, null))),
        ]);
        clearTimeout(timer);
        if (result === null) {
          child.kill('SIGKILL');
          await exited;
          problem = new Error(`The server did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM and was killed. See ${logFile}`);
        } else if (result.code !== 0) {
          problem = new Error(`The server exited with ${result.code ?? result.signal} after SIGTERM instead of 0. See ${logFile}`);
        }
      }
    } finally {
      process.removeListener('exit', onExit);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      removeTmp();
    }
    if (problem) throw problem;
  };

  try {
    await mustRun(bin, ['demo', '--no-serve', '--file', databaseFile]);
    await addAccounts(bin, databaseUrl, accounts);

    // The port was free a moment ago; if another process takes it first,
    // try again with another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const log = fs.createWriteStream(logFile, { flags: attempt === 1 ? 'w' : 'a' });
      let output = '';
      child = spawn(bin, ['--database', databaseUrl, 'serve', '--addr', `127.0.0.1:${port}`], {
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // 'close': the process has exited and its output is all read.
      exited = new Promise((resolve) => {
        child.once('close', (code, signal) => resolve({ code, signal }));
      });
      const spawnError = new Promise((resolve) => child.once('error', resolve));
      for (const stream of [child.stdout, child.stderr]) {
        stream.on('data', (chunk) => {
          log.write(chunk);
          output = (output + chunk.toString()).slice(-20_000);
        });
      }
      exited.then(() => log.end());

      const outcome = await waitForHealth(baseUrl, exited, spawnError);
      if (outcome.ok) {
        return { baseUrl, accounts, bin, logFile, stop };
      }
      if (outcome.exited && /address already in use|AddrInUse/i.test(output) && attempt < 3) continue;
      const why = outcome.exited
        ? `exited with ${outcome.exited.code ?? outcome.exited.signal} before it answered`
        : outcome.error
          ? `could not be started: ${outcome.error.message}`
          : `did not answer 200 on ${baseUrl}/healthz within ${START_TIMEOUT_MS / 1000} s (last: ${outcome.last})`;
      throw new Error(`The Compact server ${why}.\n--- its output (${logFile}) ---\n${output.trim() || '(none)'}`);
    }
  } catch (error) {
    await stop().catch((stopError) => console.error(stopError.message));
    throw error;
  }
}

/** Polls GET /healthz until it answers 200, the server exits, or time runs out. */
async function waitForHealth(baseUrl, exited, spawnError) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let done = null;
  exited.then((result) => (done ??= { exited: result }));
  spawnError.then((error) => (done ??= { error }));
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (done) return done;
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return { ok: true };
      last = `status ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(100);
  }
  return done ?? { last };
}
