import type { FakeSlack } from './fake-slack.ts';

/** Where Bolt's installer serves the install page and takes Slack's redirect (the app's settings). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface InstallResult {
  /** The app's answer to the redirect: Bolt's success page (200) or its failure page. */
  status: number;
  body: string;
  /** The authorize URL the install page sent the browser to (on Slack). */
  authorizeUrl: URL;
}

/**
 * Installs the app in a workspace of the fake Slack the way a browser does it, through Bolt's
 * installer (@slack/oauth InstallProvider):
 *
 * 1. GET /slack/install. With directInstall false Bolt answers 200 with an "Add to Slack" page
 *    whose link is Slack's authorize URL (`state` in it), and sets the state cookie
 *    (`slack-app-oauth-state`); with directInstall it redirects (302) to that URL instead.
 * 2. On Slack the installer clicks Allow: the fake issues a one-time code for the scopes,
 *    user scopes and redirect_uri the URL asks for (the URL's client_id must be the app's).
 * 3. GET /slack/oauth_redirect?code=…&state=… with the cookie, as Slack's redirect makes the
 *    browser do. Bolt checks the state against the cookie, exchanges the code (oauth.v2.access),
 *    asks auth.test who the bot is, stores the installation and answers its success page.
 *
 * `withoutStateCookie`: the redirect arrives in another browser (Bolt must refuse it).
 */
export async function installThroughRedirect(
  baseUrl: string,
  slack: FakeSlack,
  install: { teamId: string; installerUserId: string; orgWide?: boolean; withoutStateCookie?: boolean },
): Promise<InstallResult> {
  const page = await fetch(`${baseUrl}${INSTALL_PATH}`, { redirect: 'manual' });
  const pageBody = await page.text();
  const cookies = page.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0]!)
    .filter((pair) => pair.includes('='));
  const link =
    page.status === 302 || page.status === 303 || page.status === 307
      ? page.headers.get('location')
      : /href="([^"]*oauth\/v2\/authorize[^"]*)"/.exec(pageBody)?.[1];
  if (!link) {
    throw new Error(
      `${INSTALL_PATH} answered ${page.status} without Slack's authorize URL:\n${pageBody.slice(0, 500)}`,
    );
  }
  const authorizeUrl = new URL(decodeHtml(link));
  const asked = authorizeUrl.searchParams;
  if (asked.get('client_id') !== slack.clientId) {
    throw new Error(`the authorize URL names client_id ${asked.get('client_id')}, not the app's (${slack.clientId})`);
  }
  const state = asked.get('state');
  if (!state) throw new Error(`the authorize URL carries no state: ${authorizeUrl.href}`);
  const code = slack.authorizationCode({
    teamId: install.teamId,
    installerUserId: install.installerUserId,
    orgWide: install.orgWide ?? false,
    scope: asked.get('scope') ?? undefined,
    userScope: asked.get('user_scope') ?? undefined,
    redirectUri: asked.get('redirect_uri') ?? undefined,
  });
  const redirect = new URL(`${baseUrl}${REDIRECT_PATH}`);
  redirect.search = new URLSearchParams({ code, state }).toString();
  const answer = await fetch(redirect, {
    redirect: 'manual',
    headers: install.withoutStateCookie || !cookies.length ? {} : { cookie: cookies.join('; ') },
  });
  return { status: answer.status, body: await answer.text(), authorizeUrl };
}

/** The few entities an href may carry (Bolt writes the URL raw, a template might escape it). */
function decodeHtml(text: string): string {
  return text
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
}
