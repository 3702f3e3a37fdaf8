import type { EndpointSettings } from "../config/providerSettings";
import { UNKNOWN_VALUE, type CheckedInputs } from "../lifecycle/authorizationState";
import { propertyPath } from "../lifecycle/validateInputs";
import { keyVaultHostProblem, parseKeyVaultSecretUrl } from "./credentialReference";

/**
 * Preview refuses a vault outside the configured cloud (see `keyVaultHostProblem`) from the reference text alone:
 * nothing is read and nobody signs in. `endpoints` is resolved only when there is a vault reference to judge.
 */
export function keyVaultHostFailures(
  inputs: CheckedInputs,
  endpoints: () => EndpointSettings,
): { property: string; reason: string }[] {
  const vaultReferences = (inputs.writeOnlyCredentials ?? []).flatMap((credential) =>
    "fromKeyVault" in credential && credential.fromKeyVault !== UNKNOWN_VALUE
      ? [{ key: credential.key, url: credential.fromKeyVault }]
      : [],
  );
  if (vaultReferences.length === 0) {
    return [];
  }
  const cloud = endpoints();
  return vaultReferences.flatMap(({ key, url }) => {
    const location = parseKeyVaultSecretUrl(url);
    const problem = "problem" in location ? location.problem : keyVaultHostProblem(location, cloud);
    return problem === undefined
      ? []
      : [{ property: `${propertyPath("writeOnlyCredentials", key)}.fromKeyVault`, reason: problem }];
  });
}
