/**
 * One reference could not be read. The message is the reason only ("is not set in …"), never the value; the
 * caller adds which key and reference it was.
 */
export class CredentialSourceError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "CredentialSourceError";
  }
}

/** One write-only credential that could not be resolved. */
export interface UnresolvedCredential {
  /** The synchronizationSecret key name, e.g. `SecretToken`. */
  key: string;
  /** The reference as described for people, e.g. `environment variable "SCIM_TOKEN"`. */
  reference: string;
  reason: string;
}

/**
 * At least one write-only credential could not be resolved, so nothing was sent to Graph (all or nothing: Graph
 * would otherwise be authorized with a partial set). Lists every failing key with its reference and reason; never
 * a value.
 */
export class WriteOnlyCredentialError extends Error {
  readonly unresolved: readonly UnresolvedCredential[];

  constructor(unresolved: readonly UnresolvedCredential[], total: number) {
    const lines = unresolved.map((item) => `  - writeOnlyCredentials.${item.key} (${item.reference}): ${item.reason}`);
    super(
      `Could not resolve ${unresolved.length} of ${total} write-only credential${total === 1 ? "" : "s"}; ` +
        `nothing was sent to Graph.\n${lines.join("\n")}`,
    );
    this.name = "WriteOnlyCredentialError";
    this.unresolved = unresolved;
  }
}
