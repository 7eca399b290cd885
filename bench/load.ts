import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Requests per second across all connections; unset = as fast as the server answers. */
  rate?: number;
  /** A fresh body and headers for every request (e.g. a new trigger_id, a new signature). */
  nextRequest(): { body: string; headers: Record<string, string> };
}

/** Drives `url` with autocannon and returns its throughput and latency figures. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, ...options.nextRequest() }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export interface Server {
  port: number;
  /** The CPU milliseconds the server's process has used so far (user + system, from /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** A process's CPU time so far, from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** What a server prints once it listens: a bench server's "ready <port>", or the app's own line. */
const LISTENING = /(?:^ready |listening on http:\/\/localhost:)(\d+)/m;

/**
 * Starts a server in its own process (so it has a core to itself) and waits until it says it
 * listens: `dist/main.js` (the app as `npm start` runs it, from the project's folder) or a bench
 * server script in bench/servers (through tsx).
 */
export function startServer(script: string, env: Record<string, string>): Promise<Server> {
  // BENCH_PROFILE=<part of a script name> writes a CPU profile of that server to /tmp/prof.
  const profile = process.env.BENCH_PROFILE && script.includes(process.env.BENCH_PROFILE);
  const app = script.startsWith('dist/');
  const flags = [...(profile ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), ...(app ? [] : ['--import', 'tsx'])];
  const root = path.resolve(import.meta.dirname, '..');
  const child: ChildProcess = spawn(
    process.execPath,
    [...flags, app ? script : path.join(import.meta.dirname, script)],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  const stop = () =>
    new Promise<void>((done) => {
      child.removeAllListeners('exit');
      child.once('exit', () => done());
      child.kill('SIGINT');
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const waiting = !LISTENING.test(output);
      output += chunk.toString();
      const port = LISTENING.exec(output)?.[1];
      if (waiting && port) resolve({ port: Number(port), cpuMs: () => cpuMsOf(child.pid!), stop });
    });
  });
}
