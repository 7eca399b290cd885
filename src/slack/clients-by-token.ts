import { WebClient, type WebClientOptions } from '@slack/web-api';

/**
 * A Web API client per bot token, made with `options` and kept for the latest `kept` tokens used
 * (tokens rotate, and each workspace has its own).
 */
export function clientsByToken(options: WebClientOptions, kept = 64): (token: string) => WebClient {
  const clients = new Map<string, WebClient>();
  return (token) => {
    const client = clients.get(token) ?? new WebClient(token, options);
    clients.delete(token); // to the end: used last
    if (clients.size >= kept) clients.delete(clients.keys().next().value!);
    clients.set(token, client);
    return client;
  };
}
