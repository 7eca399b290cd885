import type { FakeSlack } from './fake-slack.ts';

/** The fake Slacks running in this test file; a refusal by any of them fails the current test. */
const live = new Set<FakeSlack>();

export function watchRefusals(slack: FakeSlack, watching = true): void {
  if (watching) live.add(slack);
  else {
    live.delete(slack);
    failOnRefusals([slack]);
  }
}

/**
 * Throws when a fake refused a screen since the last look, naming what and why, so the test (or,
 * after the last test, the file) that sent it fails as the person in Slack would have.
 */
export function failOnRefusals(fakes: Iterable<FakeSlack> = live): void {
  const refused = [...fakes].flatMap((slack) => slack.takeRefusals());
  if (!refused.length) return;
  const lines = refused.map((refusal) => `${refusal.where}: ${refusal.error}\n    ${refusal.messages.join('\n    ')}`);
  throw new Error(`Slack would have refused ${refused.length} screen(s):\n  ${lines.join('\n  ')}`);
}
