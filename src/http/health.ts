import type { ServerResponse } from 'node:http';
import type { Database } from '../db/client.ts';

/** Readiness: whether the database answers. */
export function databaseReadiness(db: Database) {
  return () =>
    db.$queryRaw`SELECT 1`.then(
      () => undefined,
      () => 'the database does not answer',
    );
}

/** `GET /healthz`: 200 when the database answers, 503 when it does not. */
export function healthRoute(db: Database) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_request: unknown, response: ServerResponse) => {
      const database = await db.$queryRaw`SELECT 1`.then(
        () => 'ok',
        () => 'unreachable',
      );
      const healthy = database === 'ok';
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable', database }));
    },
  };
}
