import type { ServerResponse } from 'node:http';

/** One thing the app needs to serve requests: undefined when it is fine, else what is wrong. */
export type ReadinessCheck = () => Promise<string | undefined> | string | undefined;

/**
 * `GET /readyz`: 200 when every check passes (the database answers, Slack is reachable with a valid
 * token, the Socket Mode connection is up), 503 naming each failing one otherwise. `/healthz` stays
 * "the process is alive"; this one tells a load balancer whether to send traffic.
 */
export function readinessRoute(checks: Record<string, ReadinessCheck>) {
  return {
    path: '/readyz',
    method: ['GET'],
    handler: async (_request: unknown, response: ServerResponse) => {
      const results = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          const problem = await Promise.resolve()
            .then(check)
            .catch((error: unknown) => `could not be checked: ${(error as Error).message}`);
          return [name, problem ?? 'ok'] as const;
        }),
      );
      const ready = results.every(([, state]) => state === 'ok');
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: ready ? 'ready' : 'not ready', ...Object.fromEntries(results) }));
    },
  };
}
