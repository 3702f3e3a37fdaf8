import type * as proto from "@pulumi/pulumi/proto/provider_pb";
import type {
  CheckConfigRequest,
  CheckRequest,
  CreateRequest,
  DeleteRequest,
  DiffConfigRequest,
  DiffRequest,
  ReadRequest,
  ResourceIdentity,
  UpdateRequest,
} from "./providerHandlers";
import type { PropertyMap } from "./propertyValue";
import { structToMap } from "./structs";

/** Protocol requests → the handlers' requests (Structs decoded, secrets and unknowns made explicit). */

interface IdentifiedRequest {
  getUrn(): string;
  getType(): string;
  getName(): string;
}

function identity(request: IdentifiedRequest): ResourceIdentity {
  return { urn: request.getUrn(), type: request.getType(), name: request.getName() };
}

export function decodeCheckConfigRequest(request: proto.CheckRequest): CheckConfigRequest {
  return { ...identity(request), olds: structToMap(request.getOlds()), news: structToMap(request.getNews()) };
}

export function decodeCheckRequest(request: proto.CheckRequest): CheckRequest {
  return { ...decodeCheckConfigRequest(request), randomSeed: request.getRandomseed_asU8() };
}

export function decodeDiffConfigRequest(request: proto.DiffRequest): DiffConfigRequest {
  return {
    ...identity(request),
    olds: structToMap(request.getOlds()),
    oldInputs: structToMap(request.getOldInputs()),
    news: structToMap(request.getNews()),
    ignoreChanges: request.getIgnorechangesList(),
  };
}

export function decodeDiffRequest(request: proto.DiffRequest): DiffRequest {
  return { ...decodeDiffConfigRequest(request), id: request.getId() };
}

export function decodeCreateRequest(request: proto.CreateRequest): CreateRequest {
  return {
    ...identity(request),
    properties: structToMap(request.getProperties()),
    preview: request.getPreview(),
    timeoutSeconds: request.getTimeout(),
  };
}

export function decodeReadRequest(request: proto.ReadRequest): ReadRequest {
  return {
    ...identity(request),
    id: request.getId(),
    state: structToMap(request.getProperties()),
    inputs: structToMap(request.getInputs()),
  };
}

export function decodeUpdateRequest(request: proto.UpdateRequest): UpdateRequest {
  return {
    ...identity(request),
    id: request.getId(),
    olds: structToMap(request.getOlds()),
    oldInputs: structToMap(request.getOldInputs()),
    news: structToMap(request.getNews()),
    preview: request.getPreview(),
    ignoreChanges: request.getIgnorechangesList(),
    timeoutSeconds: request.getTimeout(),
  };
}

export function decodeDeleteRequest(request: proto.DeleteRequest): DeleteRequest {
  return {
    ...identity(request),
    id: request.getId(),
    state: structToMap(request.getProperties()),
    oldInputs: structToMap(request.getOldInputs()),
    timeoutSeconds: request.getTimeout(),
  };
}

/** The property bags of any decoded request, for the secrets an error message must not carry. */
export function propertyMapsOf(request: object): PropertyMap[] {
  const fields = request as Partial<
    Record<"olds" | "news" | "oldInputs" | "properties" | "state" | "inputs", PropertyMap>
  >;
  return [fields.olds, fields.news, fields.oldInputs, fields.properties, fields.state, fields.inputs].filter(
    (map): map is PropertyMap => map !== undefined,
  );
}
