export * from "./resources/programs";
export {
  SYNCHRONIZATION_SECRET_KEYS,
  SynchronizationSecretKey,
  isKnownSynchronizationSecretKey,
} from "./graph/synchronizationSecretKeys";
