import type { Target } from "../graph/graphClient";

/** The Graph object behind a resource id: "servicePrincipals/<id>" or "applications/<id>". */
export function parseTarget(target: string): Target {
  const [kind, objectId] = target.split("/");
  if ((kind !== "servicePrincipals" && kind !== "applications") || !objectId) {
    throw new Error(`Unexpected target "${target}": expected servicePrincipals/<id> or applications/<id>.`);
  }
  return { kind, objectId };
}
