/**
 * A reason the service cannot start that the operator can fix (bad setting, unreachable
 * database, data directory in use). Its message is printed alone, on one line.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
