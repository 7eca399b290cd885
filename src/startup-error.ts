/**
 * A reason the app can't start that the operator can act on: main prints its message as one line,
 * without a stack trace, and exits with code 1.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
