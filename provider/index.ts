export {
  SynchronizationAuthorization,
  SynchronizationAuthorizationArgs,
  CredentialMap,
  CredentialPairInput,
} from "./synchronizationAuthorization";
export {
  SYNCHRONIZATION_SECRET_KEYS,
  SynchronizationSecretKey,
  isKnownSynchronizationSecretKey,
} from "./synchronizationSecretKeys";
