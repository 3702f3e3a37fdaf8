import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { keepSecretness } from "./keepSecretness";
import type {
  CheckResult,
  CreateResult,
  DiffResult,
  PropertyDiffKind,
  ReadRequest,
  ReadResult,
  UpdateResult,
} from "./providerHandlers";
import type { PropertyMap } from "./propertyValue";
import { mapToStruct } from "./structs";

/** The handlers' results → protocol responses. Outputs always keep the secret-ness of the inputs they came from. */

const DIFF_KINDS: Record<PropertyDiffKind, proto.PropertyDiff.Kind> = {
  add: proto.PropertyDiff.Kind.ADD,
  "add-replace": proto.PropertyDiff.Kind.ADD_REPLACE,
  delete: proto.PropertyDiff.Kind.DELETE,
  "delete-replace": proto.PropertyDiff.Kind.DELETE_REPLACE,
  update: proto.PropertyDiff.Kind.UPDATE,
  "update-replace": proto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/**
 * How check failures travel. The engine prints a failure that names a property together with the value the
 * program gave it ("property x value {…} has a problem: …", `issueCheckFailures` in pulumi/pulumi
 * pkg/resource/deploy/step_generator.go), redacted only when the program marked that value secret — so a secret
 * typed into the wrong field would be shown. By default the property's name therefore goes into the reason
 * ("x: …") and the failure names no property, which the engine prints without a value.
 */
export type CheckFailureStyle = "nameInReason" | "engineShowsValue";

export function checkResponse(
  result: CheckResult,
  news: PropertyMap,
  style: CheckFailureStyle = "nameInReason",
): proto.CheckResponse {
  const response = new proto.CheckResponse();
  response.setInputs(mapToStruct(keepSecretness(result.inputs, news)));
  response.setFailuresList(
    (result.failures ?? []).map((failure) => {
      const named = style === "nameInReason" && failure.property !== "";
      return new proto.CheckFailure()
        .setProperty(named ? "" : failure.property)
        .setReason(named ? `${failure.property}: ${failure.reason}` : failure.reason);
    }),
  );
  return response;
}

export function diffResponse(result: DiffResult): proto.DiffResponse {
  const response = new proto.DiffResponse();
  response.setChanges(
    result.changes === undefined
      ? proto.DiffResponse.DiffChanges.DIFF_UNKNOWN
      : result.changes
        ? proto.DiffResponse.DiffChanges.DIFF_SOME
        : proto.DiffResponse.DiffChanges.DIFF_NONE,
  );
  response.setReplacesList(result.replaces ?? []);
  response.setStablesList(result.stables ?? []);
  response.setDeletebeforereplace(result.deleteBeforeReplace ?? false);
  response.setDiffsList(result.diffs ?? []);
  if (result.detailedDiff !== undefined) {
    response.setHasdetaileddiff(true);
    const detailed = response.getDetaileddiffMap();
    for (const [path, kind] of Object.entries(result.detailedDiff)) {
      detailed.set(
        path,
        new proto.PropertyDiff().setKind(DIFF_KINDS[kind]).setInputdiff(result.detailedDiffAgainstState !== true),
      );
    }
  }
  return response;
}

export function createResponse(result: CreateResult, properties: PropertyMap): proto.CreateResponse {
  return new proto.CreateResponse()
    .setId(result.id)
    .setProperties(mapToStruct(keepSecretness(result.outputs, properties)));
}

/** `undefined` (the resource is gone) is an empty response: no id. */
export function readResponse(result: ReadResult | undefined, request: ReadRequest): proto.ReadResponse {
  const response = new proto.ReadResponse();
  if (result === undefined) return response;
  response.setId(result.id);
  response.setProperties(mapToStruct(keepSecretness(result.outputs, request.state)));
  if (result.inputs !== undefined) response.setInputs(mapToStruct(keepSecretness(result.inputs, request.inputs)));
  return response;
}

export function updateResponse(result: UpdateResult, news: PropertyMap): proto.UpdateResponse {
  return new proto.UpdateResponse().setProperties(mapToStruct(keepSecretness(result.outputs, news)));
}

/** What the provider supports, told at Handshake (engines that call it) and again at Configure (older engines). */
export const CAPABILITIES = {
  acceptSecrets: true,
  supportsPreview: true,
  acceptResources: false,
  acceptOutputs: false,
} as const;

export function handshakeResponse(): proto.ProviderHandshakeResponse {
  return new proto.ProviderHandshakeResponse()
    .setAcceptSecrets(CAPABILITIES.acceptSecrets)
    .setAcceptResources(CAPABILITIES.acceptResources)
    .setAcceptOutputs(CAPABILITIES.acceptOutputs)
    .setSupportsAutonamingConfiguration(false);
}

export function configureResponse(): proto.ConfigureResponse {
  return new proto.ConfigureResponse()
    .setAcceptsecrets(CAPABILITIES.acceptSecrets)
    .setSupportspreview(CAPABILITIES.supportsPreview)
    .setAcceptresources(CAPABILITIES.acceptResources)
    .setAcceptoutputs(CAPABILITIES.acceptOutputs);
}
