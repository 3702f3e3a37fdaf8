export {
  SynchronizationAuthorization,
  SynchronizationAuthorizationArgs,
  CredentialMap,
  CredentialPairInput,
  CredentialReferenceInput,
  WriteOnlyCredentialMap,
  WriteOnlyCredentialInput,
  TestConnectionArgs,
  ConnectionTestOutput,
} from "./resources/synchronizationAuthorization/program";
export {
  SYNCHRONIZATION_SECRET_KEYS,
  SynchronizationSecretKey,
  isKnownSynchronizationSecretKey,
} from "./core/synchronizationSecretKeys";
