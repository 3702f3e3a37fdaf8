import type { EndpointSettings } from "../../config/providerSettings";
import { apiVersionOf } from "../../graph/apiVersion";
import type { AuthorizationOutputs, CheckedInputs } from "./authorizationState";
import { credentialFingerprint } from "./credentialFingerprint";
import { storedKeyName } from "./storedKeyNames";

/**
 * The outputs after an authorization (or, with the previous `lastAuthorizedAt`, after an update that did not need
 * one). They hold key names, references and a salted fingerprint — never a credential value.
 */
export function outputsAfterAuthorization(
  inputs: CheckedInputs,
  endpoints: EndpointSettings,
  salt: string,
  lastAuthorizedAt: string = new Date().toISOString(),
): AuthorizationOutputs {
  return {
    target: inputs.target,
    ...(inputs.servicePrincipalId !== undefined && { servicePrincipalId: inputs.servicePrincipalId }),
    ...(inputs.applicationId !== undefined && { applicationId: inputs.applicationId }),
    apiVersion: apiVersionOf(inputs.apiVersion),
    cloud: endpoints.cloud,
    graphEndpoint: endpoints.graphRoot,
    credentialKeys: [
      ...inputs.credentials.map((pair) => pair.key),
      ...(inputs.writeOnlyCredentials ?? []).map((credential) => credential.key),
    ]
      .map((key) => storedKeyName(salt, key))
      .sort(),
    credentialFingerprint: credentialFingerprint(salt, inputs.credentials),
    fingerprintSalt: salt,
    ...(inputs.writeOnlyCredentials !== undefined && { writeOnlyCredentials: inputs.writeOnlyCredentials }),
    ...(inputs.writeOnlyCredentialsVersion !== undefined && {
      writeOnlyCredentialsVersion: inputs.writeOnlyCredentialsVersion,
    }),
    ...(inputs.triggers !== undefined && { triggers: inputs.triggers }),
    ...(inputs.reauthorizeAfter !== undefined && { reauthorizeAfter: inputs.reauthorizeAfter }),
    lastAuthorizedAt,
    ...(inputs.testConnection !== undefined && { testConnection: inputs.testConnection }),
  };
}
