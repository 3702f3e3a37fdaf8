import { Metadata, status } from "@grpc/grpc-js";
import type { StatusObject } from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { ErrorResourceInitFailed } from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { keepSecretness } from "./keepSecretness";
import type { PropertyMap } from "./propertyValue";
import { ProviderError, ProviderErrorCode, ResourceInitError } from "./providerErrors";
import { redactSecrets } from "../secrets/redaction";
import { mapToStruct } from "./structs";

const CODES: Record<ProviderErrorCode, status> = {
  invalidArgument: status.INVALID_ARGUMENT,
  failedPrecondition: status.FAILED_PRECONDITION,
  notFound: status.NOT_FOUND,
  unavailable: status.UNAVAILABLE,
  internal: status.INTERNAL,
};

export interface ErrorScope {
  /** Every secret string the request (and the provider's configuration) carried; removed from the message. */
  secrets: readonly string[];
  /** The request's inputs: a partially created resource's outputs keep their secret-ness. */
  inputs: PropertyMap;
}

/**
 * A handler's error → the gRPC status the engine reads. Only the message travels (never a stack, never a cause),
 * with the request's secrets removed. A `ResourceInitError` carries its resource in the status details
 * (`pulumirpc.ErrorResourceInitFailed` in `grpc-status-details-bin`), which the engine reads as a partial failure.
 */
export function errorToStatus(error: unknown, scope: ErrorScope): Partial<StatusObject> {
  const message = redactSecrets(
    error instanceof Error ? error.message : `unexpected failure: ${String(error)}`,
    scope.secrets,
  );
  if (error instanceof ResourceInitError) {
    return { code: status.UNKNOWN, details: message, metadata: initFailureMetadata(error, message, scope) };
  }
  if (error instanceof ProviderError) return { code: CODES[error.code], details: message };
  return { code: status.UNKNOWN, details: message };
}

function initFailureMetadata(error: ResourceInitError, message: string, scope: ErrorScope): Metadata {
  const detail = new ErrorResourceInitFailed();
  detail.setId(error.id);
  detail.setProperties(mapToStruct(keepSecretness(error.outputs, scope.inputs)));
  detail.setReasonsList(error.reasons.map((reason) => redactSecrets(reason, scope.secrets)));
  const packed = new Any();
  packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const statusProto = new Status();
  statusProto.setCode(status.UNKNOWN);
  statusProto.setMessage(message);
  statusProto.addDetails(packed);
  const metadata = new Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(statusProto.serializeBinary()));
  return metadata;
}
