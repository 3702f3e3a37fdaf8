import { containsSecrets, isPropertyMap, isSecret, PropertyMap, secret } from "./propertyValue";

/**
 * Outputs with the secret-ness of the inputs of the same name: an output whose input held a secret anywhere is
 * returned secret, so a handler that echoes an input back in plain form cannot leak it into state. Where both are
 * plain maps the rule recurses, so one secret field does not hide its siblings; anything else (an array, a secret
 * map) marks the whole output. The engine applies the same rule (`annotateSecrets` in pulumi/pulumi
 * `sdk/go/common/resource/plugin/provider_plugin.go`); doing it here as well keeps the plugin's own answers right
 * whatever engine reads them.
 */
export function keepSecretness(outputs: PropertyMap, inputs: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outputs };
  for (const [key, input] of Object.entries(inputs)) {
    if (!(key in result)) continue;
    const output = result[key];
    if (isPropertyMap(output) && isPropertyMap(input)) {
      result[key] = keepSecretness(output, input);
    } else if (!isSecret(output) && containsSecrets(input)) {
      result[key] = secret(output);
    }
  }
  return result;
}
