/**
 * The synchronizationSecret key names and the single-use ones, for the core: they are values Graph takes, kept with
 * the Graph client (graph/synchronizationSecretKeys.ts), whose error hints must not show any other name either.
 */
export * from "../graph/synchronizationSecretKeys";
