/** The migrated database every test file copies its own from. */
export const TEMPLATE_DATABASE = 'switchboard_template';
