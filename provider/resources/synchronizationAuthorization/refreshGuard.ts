import { sameGraphEndpoint } from "../../config/clouds";
import { ConfigError } from "../../config/configError";
import { SETTINGS, configKey } from "../../config/configKeys";
import type { EndpointSettings } from "../../config/providerSettings";
import type { Target } from "../../graph/graphRoutes";
import { targetPath } from "../../core/target";

/**
 * Graph answers 404 for an object of another cloud or endpoint just as for a deleted one, so a refresh after a
 * mistaken `syncauth:cloud` or `graphEndpoint` would silently drop every resource from state. Refuse instead: the
 * next `up` re-authorizes in the new cloud (diff treats a cloud change as a change), or the setting is put back.
 * Only a refresh that runs the program (`--run-program`) gets here with the new setting: a plain refresh, and
 * `up --refresh`, configure the provider as the last deployment did.
 */
export function refuseRefreshElsewhere(
  target: Target,
  props: Record<string, unknown>,
  endpoints: EndpointSettings,
): void {
  const authorizedAt = typeof props.graphEndpoint === "string" ? props.graphEndpoint : undefined;
  if (authorizedAt === undefined || sameGraphEndpoint(authorizedAt, endpoints.graphRoot)) {
    return;
  }
  throw new ConfigError(
    settingThatMoved(props, endpoints),
    `Cannot refresh ${targetPath(target)}: it was authorized through ${authorizedAt}` +
      `${typeof props.cloud === "string" ? ` (cloud ${props.cloud})` : ""}, but the stack now points at ` +
      `${endpoints.graphRoot} (cloud ${endpoints.cloud}). A missing object there ` +
      `would wrongly remove it from state. Run \`pulumi up\` to authorize it in the new cloud (with ` +
      `\`pulumi up --refresh --run-program\`, the refresh runs first and stops here: run \`pulumi up\` without ` +
      `\`--refresh\`), ` +
      `or restore ${configKey(SETTINGS.cloud)} / ${configKey(SETTINGS.graphEndpoint)}.`,
  );
}

/**
 * The setting the error is about: graphEndpoint when the cloud stayed the same, otherwise the key that chose the
 * cloud, or syncauth:cloud when none did (the key was removed).
 */
function settingThatMoved(props: Record<string, unknown>, endpoints: EndpointSettings): string {
  if (props.cloud === endpoints.cloud) {
    return configKey(SETTINGS.graphEndpoint);
  }
  return endpoints.source === "default" ? configKey(SETTINGS.cloud) : endpoints.source;
}
