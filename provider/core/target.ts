import type { Target, TargetKind } from "../graph/graphRoutes";

/** The input property that names each kind of target. */
export const TARGET_ID_PROPERTIES = {
  servicePrincipals: "servicePrincipalId",
  applications: "applicationId",
} as const satisfies Record<TargetKind, string>;

export type TargetIdProperty = (typeof TARGET_ID_PROPERTIES)[TargetKind];

const TARGET_KINDS = Object.keys(TARGET_ID_PROPERTIES) as TargetKind[];

/** "servicePrincipals/<id>" or "applications/<id>": the resource id and the `target` output. */
export function targetPath(target: Target): string {
  return `${target.kind}/${target.objectId}`;
}

/** The target a path names, or undefined when it is not "servicePrincipals/<id>" or "applications/<id>". */
export function parseTargetPath(path: string): Target | undefined {
  const [kind, objectId, ...rest] = path.split("/");
  if (!TARGET_KINDS.includes(kind as TargetKind) || !objectId || rest.length > 0) {
    return undefined;
  }
  return { kind: kind as TargetKind, objectId };
}

/** The Graph object behind a resource id; throws for anything else, which only a corrupted state could hold. */
export function targetOf(path: string): Target {
  const target = parseTargetPath(path);
  if (target === undefined) {
    throw new Error(`Unexpected target "${path}": expected servicePrincipals/<id> or applications/<id>.`);
  }
  return target;
}
