import type { KeyVaultCloud } from "../../../writeOnly/credentialReference";
import { keyVaultHostProblem, parseKeyVaultSecretUrl } from "../../../writeOnly/credentialReference";
import type { CheckedInputs } from "../authorizationState";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import type { InputFailure } from "../../../core/resourceDefinition";
import { propertyPath } from "../../../core/inputs/messageText";

/**
 * Preview refuses a vault outside the configured cloud (see `keyVaultHostProblem`) from the reference text alone:
 * nothing is read and nobody signs in. `cloud` is resolved only when there is a vault reference to judge.
 */
export function keyVaultHostFailures(inputs: CheckedInputs, cloud: () => KeyVaultCloud): InputFailure[] {
  const vaultReferences = (inputs.writeOnlyCredentials ?? []).flatMap((credential) =>
    "fromKeyVault" in credential && credential.fromKeyVault !== UNKNOWN_VALUE
      ? [{ key: credential.key, url: credential.fromKeyVault }]
      : [],
  );
  if (vaultReferences.length === 0) {
    return [];
  }
  const vaultCloud = cloud();
  return vaultReferences.flatMap(({ key, url }) => {
    const location = parseKeyVaultSecretUrl(url);
    const problem = "problem" in location ? location.problem : keyVaultHostProblem(location, vaultCloud);
    return problem === undefined
      ? []
      : [{ property: `${propertyPath("writeOnlyCredentials", key)}.fromKeyVault`, reason: problem }];
  });
}
