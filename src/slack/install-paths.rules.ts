/** Distribution mode: where a workspace admin starts an install, and where Slack sends them back. */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
