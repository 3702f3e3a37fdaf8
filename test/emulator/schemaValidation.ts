/**
 * Checks a PUT schema body against Microsoft's own Graph SDK models (`@microsoft/msgraph-sdk`, a dev dependency),
 * as an independent check that what a client sends is what Graph's model reads: the body is read with the SDK's
 * JSON parse node into its synchronizationSchema model and written back with the SDK's serializer; a property the
 * model does not define (kept aside in `additionalData`) or a value it cannot read (a string where it wants a
 * number, an enum value it does not know, an object where it wants a list) makes a difference between the two, and
 * the body is refused with a 400 naming the path.
 *
 * The flag enums are the exception: Graph writes `objectMapping.flowTypes` ("Add, Update, Delete") and
 * `directoryDefinition.discoverabilities` as one comma-separated string, but the v1.0 SDK models read them as
 * collections (`getCollectionOfEnumValues`, which returns nothing for a string) and write back whatever the
 * collection held, joined, so a string would come back as "". These two are checked here instead, token by token
 * against the SDK's own enum objects (`ObjectFlowTypesObject`, `DirectoryDefinitionDiscoverabilitiesObject`), and
 * must be strings. An empty flowTypes string (what a client that round-trips through those models sends) is refused:
 * Graph's pages do not say what it does with one.
 *
 * `@odata.*` annotations are accepted anywhere and ignored (a client may PUT back what it read, `@odata.context`
 * included). null is accepted for any property (the pages mark none of these as non-nullable).
 *
 * Pages for the shapes: https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationschema
 * and the pages it links; the models: https://github.com/microsoftgraph/msgraph-sdk-typescript (models/index.ts).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface SdkModule {
  models: {
    createSynchronizationSchemaFromDiscriminatorValue: unknown;
    serializeSynchronizationSchema: unknown;
    ObjectFlowTypesObject: Record<string, string>;
    DirectoryDefinitionDiscoverabilitiesObject: Record<string, string>;
  };
  json: {
    JsonParseNode: new (node: unknown) => { getObjectValue(factory: unknown): unknown };
    JsonSerializationWriter: new () => {
      writeObjectValue(key: string | undefined, value: unknown, serializer: unknown): void;
      getSerializedContent(): ArrayBuffer;
    };
  };
}

let sdk: SdkModule | undefined;

/** The SDK's models file is large (about a second to load): loaded on the first PUT, not at emulator start. */
function loadSdk(): SdkModule {
  // Both packages are ES modules; Node >= 22.12 loads them with require().
  const models = require("@microsoft/msgraph-sdk/models/index.js") as SdkModule["models"];
  const json = require("@microsoft/kiota-serialization-json") as SdkModule["json"];
  sdk ??= { models, json };
  return sdk;
}

/** The type names the SDK models use for each property holding an object, for messages. */
const TYPE_OF_PROPERTY: Record<string, string> = {
  synchronizationRules: "synchronizationRule",
  objectMappings: "objectMapping",
  attributeMappings: "attributeMapping",
  source: "attributeMappingSource",
  parameters: "stringKeyAttributeMappingSourceValuePair",
  value: "attributeMappingSource",
  scope: "filter",
  categoryFilterGroups: "filterGroup",
  groups: "filterGroup",
  inputFilterGroups: "filterGroup",
  clauses: "filterClause",
  targetOperand: "filterOperand",
  directories: "directoryDefinition",
  objects: "objectDefinition",
  attributes: "attributeDefinition",
  referencedObjects: "referencedObject",
  apiExpressions: "stringKeyStringValuePair",
  metadata: "metadata entry",
  containerFilter: "containerFilter",
  groupFilter: "groupFilter",
};

/** Why Graph's model cannot read the schema body, or undefined when it can. */
export function schemaBodyProblem(body: JsonObject): string | undefined {
  const flagProblem = flagEnumProblem(body);
  if (flagProblem) return flagProblem;
  const { models, json } = loadSdk();
  const prepared = prepareFlagEnums(structuredClone(body)) as JsonObject;
  const model = new json.JsonParseNode(prepared).getObjectValue(
    models.createSynchronizationSchemaFromDiscriminatorValue,
  );
  const unknown = unknownProperty(model, "", "synchronizationSchema");
  if (unknown) return unknown;
  const writer = new json.JsonSerializationWriter();
  writer.writeObjectValue(undefined, model, models.serializeSynchronizationSchema);
  const roundTripped = JSON.parse(new TextDecoder().decode(writer.getSerializedContent())) as Json;
  return difference(withoutFlagEnums(prepared), withoutFlagEnums(roundTripped as JsonObject), "");
}

/** flowTypes and discoverabilities: one comma-separated string of the SDK enum's values. */
function flagEnumProblem(body: JsonObject): string | undefined {
  const { models } = loadSdk();
  const check = (value: Json | undefined, path: string, allowed: Record<string, string>): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      return `'${path}' must be one string of comma-separated flags (such as "Add, Update, Delete"), got ${JSON.stringify(value)}.`;
    }
    const tokens = value.split(",").map((token) => token.trim());
    if (value.trim() === "")
      return `'${path}' is empty: it must name at least one flag (such as "Add, Update, Delete").`;
    const values = Object.values(allowed);
    const bad = tokens.find((token) => !values.includes(token));
    return bad === undefined
      ? undefined
      : `'${path}' has '${bad}', which is not one of ${values.join(", ")} (flags are case-sensitive).`;
  };
  const rules = Array.isArray(body.synchronizationRules) ? body.synchronizationRules : [];
  for (const [ruleIndex, rule] of rules.entries()) {
    if (!isObject(rule) || !Array.isArray(rule.objectMappings)) continue;
    for (const [index, mapping] of rule.objectMappings.entries()) {
      if (!isObject(mapping)) continue;
      const path = `synchronizationRules[${ruleIndex}].objectMappings[${index}].flowTypes`;
      const problem = check(mapping.flowTypes, path, models.ObjectFlowTypesObject);
      if (problem) return problem;
    }
  }
  const directories = Array.isArray(body.directories) ? body.directories : [];
  for (const [index, directory] of directories.entries()) {
    if (!isObject(directory)) continue;
    const problem = check(
      directory.discoverabilities,
      `directories[${index}].discoverabilities`,
      models.DirectoryDefinitionDiscoverabilitiesObject,
    );
    if (problem) return problem;
  }
  return undefined;
}

/** The flag strings as the collections the SDK models expect, so its reader does not trip on them. */
function prepareFlagEnums(body: JsonObject): JsonObject {
  forEachFlagHolder(body, (holder, key) => {
    const value = holder[key];
    if (typeof value === "string") holder[key] = value.split(",").map((token) => token.trim());
  });
  return body;
}

function withoutFlagEnums(body: JsonObject): JsonObject {
  const copy = structuredClone(body);
  forEachFlagHolder(copy, (holder, key) => delete holder[key]);
  return copy;
}

function forEachFlagHolder(body: JsonObject, visit: (holder: JsonObject, key: string) => void): void {
  for (const rule of Array.isArray(body.synchronizationRules) ? body.synchronizationRules : []) {
    if (!isObject(rule) || !Array.isArray(rule.objectMappings)) continue;
    for (const mapping of rule.objectMappings) if (isObject(mapping)) visit(mapping, "flowTypes");
  }
  for (const directory of Array.isArray(body.directories) ? body.directories : []) {
    if (isObject(directory)) visit(directory, "discoverabilities");
  }
}

/** The first property of the body that the SDK model kept aside as `additionalData` (not an OData annotation). */
function unknownProperty(model: unknown, path: string, typeName: string): string | undefined {
  if (Array.isArray(model)) {
    for (const [index, item] of model.entries()) {
      const found = unknownProperty(item, `${path}[${index}]`, typeName);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof model !== "object" || model === null || model instanceof Date) return undefined;
  const record = model as Record<string, unknown>;
  const additional = record.additionalData as Record<string, unknown> | undefined;
  const extra = Object.keys(additional ?? {}).find((name) => !name.startsWith("@odata."));
  if (extra !== undefined) {
    return `Property '${extra}' does not exist on type 'microsoft.graph.${typeName}' (at '${path || "the schema"}').`;
  }
  for (const [name, value] of Object.entries(record)) {
    if (name === "additionalData" || name === "backingStoreEnabled") continue;
    const found = unknownProperty(value, path ? `${path}.${name}` : name, TYPE_OF_PROPERTY[name] ?? name);
    if (found) return found;
  }
  return undefined;
}

/** Where the SDK's round trip lost or changed a value of the body: a value of a type the model does not read. */
function difference(sent: Json, read: Json | undefined, path: string): string | undefined {
  if (sent === null) return undefined;
  const where = path || "the schema";
  if (read === undefined || read === null) return notReadable(sent, where);
  if (Array.isArray(sent)) {
    if (!Array.isArray(read) || read.length !== sent.length) return notReadable(sent, where);
    for (const [index, item] of sent.entries()) {
      const found = difference(item, read[index], `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isObject(sent)) {
    if (!isObject(read)) return notReadable(sent, where);
    for (const [name, value] of Object.entries(sent)) {
      if (name.startsWith("@odata.")) continue;
      const found = difference(value, read[name], path ? `${path}.${name}` : name);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof sent === "string" && typeof read === "string" && sameDate(sent, read)) return undefined;
  return sent === read ? undefined : notReadable(sent, where);
}

function notReadable(sent: Json, where: string): string {
  const shown = JSON.stringify(sent);
  return `Microsoft Graph's synchronizationSchema model cannot read '${where}' = ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown} (a wrong type, or a value its enum does not have).`;
}

/** The SDK writes dates back as ISO strings with milliseconds. */
function sameDate(left: string, right: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(left)) return false;
  const a = Date.parse(left);
  return !Number.isNaN(a) && a === Date.parse(right);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
