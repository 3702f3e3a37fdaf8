/**
 * A setting is missing, malformed or contradictory.
 *
 * The message names the configuration key or environment variable at fault and says what to set; it never
 * contains the value, because the value may be a secret.
 */
export class ConfigError extends Error {
  /** The key or variable the message is about, e.g. `syncauth:cloud` or `ARM_ENVIRONMENT`. */
  readonly source: string;

  constructor(source: string, message: string) {
    super(message);
    this.name = "ConfigError";
    this.source = source;
  }
}
