/**
 * The provider plugin `syncauth`: the plugin host's handlers over the core. Each handler turns the host's values
 * into the core's plain data and back (coreValues.ts); every decision and every Graph call is the core's. Check
 * failures and warnings name properties and keys, never values; `credentials` and `credentialFingerprint` leave
 * as secrets.
 */
import type { ResourceDefinition, WriteOutcome } from "../core/resourceDefinition";
import { Session, newSharedClients, type SharedClients } from "../core/session";
import type { Env } from "../config/configKeys";
import { pluginPackage } from "../plugin/packageVersion";
import type { CallContext, ProviderHandlers } from "../plugin/providerHandlers";
import { ProviderError, ResourceInitError } from "../plugin/providerErrors";
import { containsSecrets, type PropertyMap } from "../plugin/propertyValue";
import { RESOURCES } from "../resources/registry";
import { fromCore, toCore } from "./coreValues";
import { pluginConfigSource, unknownConfigKeyWarning, unknownConfigKeys, withSecretConfig } from "./pluginConfig";
import { syncauthSchema } from "./schema";

/** The names of the secret properties in a table. */
function secretNames(specs: ResourceDefinition["inputs"]): string[] {
  return Object.entries(specs)
    .filter(([, spec]) => spec.secret)
    .map(([name]) => name);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own checked inputs
type AnyDefinition = ResourceDefinition<any>;

/** The served resource of a request's type token; any other is a clear error. */
function definitionOf(resources: readonly AnyDefinition[], type: string): AnyDefinition {
  const found = resources.find((resource) => resource.pluginType === type);
  if (found === undefined) {
    throw new ProviderError(
      `unknown resource type ${JSON.stringify(type)}: this provider serves ${resources.map((r) => r.pluginType).join(", ")}; ` +
        "check the type token, or upgrade the syncauth plugin if the type is newer than it",
      "invalidArgument",
    );
  }
  return found;
}

/**
 * The type a URN names (`urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`): engines older than the requests'
 * `type` field leave it empty, and the URN always carries it.
 */
function typeOfUrn(urn: string): string {
  return urn.split("::")[2]?.split("$").pop() ?? "";
}

/**
 * The handlers of the `syncauth` plugin. `resources`: the resources it serves, routed by type token (the registry;
 * tests add a throwaway one).
 */
export function syncauthProvider(
  env: Env = process.env,
  shared: SharedClients = newSharedClients(),
  resources: readonly AnyDefinition[] = RESOURCES,
): ProviderHandlers {
  let session = new Session({ get: () => undefined }, env, shared);
  const definitionFor = (request: { type: string; urn: string }) =>
    definitionOf(resources, request.type || typeOfUrn(request.urn));

  /** The resource's outputs for the engine; `given`: the inputs (or state) they came from, for their secret-ness. */
  const outputs = (resource: ResourceDefinition, data: object, given: PropertyMap) =>
    fromCore(data, [
      ...secretNames(resource.outputs),
      ...Object.entries(resource.repeatingOutputs ?? {}).flatMap(([input, repeating]) =>
        containsSecrets(given[input]) ? repeating : [],
      ),
    ]);

  /**
   * The outputs of create or update; when the operation must fail although it changed something (a strict
   * connection test after an authorization), a ResourceInitError: the engine keeps the outputs, so nothing is sent
   * again.
   */
  const kept = (resource: ResourceDefinition, outcome: WriteOutcome, given: PropertyMap, context: CallContext) => {
    const result = outputs(resource, outcome.outputs, given);
    if (outcome.failure !== undefined) {
      throw new ResourceInitError(outcome.failure, outcome.id, result);
    }
    for (const warning of outcome.warnings) context.log.warn(warning);
    return { id: outcome.id, outputs: result };
  };

  return {
    getSchema: async () => {
      const { version, repository } = pluginPackage(__dirname);
      return JSON.stringify(syncauthSchema(version, repository, resources));
    },

    /** The configuration as the engine will store it: the sign-in secrets marked secret; unknown keys warned about. */
    async checkConfig(request, context) {
      for (const key of unknownConfigKeys(request.news)) context.log.warn(unknownConfigKeyWarning(key));
      return { inputs: withSecretConfig(request.news) };
    },

    async configure(request) {
      session = new Session(pluginConfigSource(request.config), env, shared);
    },

    /**
     * Check answers the inputs in the shape the program sent them (a map stays a map): the engine stores them and
     * resolves `ignoreChanges` paths such as `credentials.SecretToken` against them.
     */
    async check(request, context) {
      const resource = definitionFor(request);
      const result = resource.check(session, toCore(request.news), toCore(request.olds), request.urn);
      for (const warning of result.warnings) context.log.warn(warning);
      if (result.inputs === undefined) return { inputs: request.news, failures: result.failures };
      return { inputs: fromCore(result.news, secretNames(resource.inputs)) };
    },

    async diff(request, context) {
      const resource = definitionFor(request);
      const inputs = resource.checked(session, toCore(request.news));
      // Secret-ness reaches the plugin (not the dynamic provider): reasons may quote what was plain, old and new.
      const publicInputs = new Set(
        Object.keys(request.news).filter(
          (name) => !containsSecrets(request.news[name]) && !containsSecrets(request.olds[name]),
        ),
      );
      const diff = resource.diff(session, toCore(request.olds), inputs, publicInputs);
      if (diff.notice?.severity === "warning") context.log.warn(diff.notice.message);
      if (diff.notice?.severity === "info") context.log.info(diff.notice.message);
      return {
        changes: diff.changes,
        replaces: diff.replaces,
        deleteBeforeReplace: diff.deleteBeforeReplace,
        ...(diff.changedPaths !== undefined && {
          detailedDiff: diff.changedPaths,
          detailedDiffAgainstState: diff.changedPathsAgainstState === true,
        }),
      };
    },

    async create(request, context) {
      const resource = definitionFor(request);
      const inputs = resource.checked(session, toCore(request.properties));
      if (request.preview) {
        return { id: "", outputs: outputs(resource, resource.previewOutputs(inputs), request.properties) };
      }
      return kept(resource, await resource.create(session, inputs), request.properties, context);
    },

    async update(request, context) {
      const resource = definitionFor(request);
      const news = resource.checked(session, toCore(request.news));
      if (request.preview) return { outputs: outputs(resource, resource.previewOutputs(news), request.news) };
      const outcome = await resource.update(session, request.id, toCore(request.olds), news);
      return { outputs: kept(resource, outcome, request.news, context).outputs };
    },

    /** Refresh (and import): `undefined` when the resource is gone (the engine drops it). */
    async read(request, context) {
      const resource = definitionFor(request);
      const read = await resource.read(
        session,
        request.id,
        toCore(request.state),
        request.inputs === undefined ? undefined : toCore(request.inputs),
      );
      if (read.presence === "absent") return undefined;
      for (const warning of read.warnings) context.log.warn(warning);
      return {
        id: request.id,
        outputs: outputs(resource, read.outputs, request.state),
        inputs: read.inputs === undefined ? request.inputs : fromCore(read.inputs, secretNames(resource.inputs)),
      };
    },

    async delete(request) {
      const resource = definitionFor(request);
      await resource.delete(session, request.id, toCore(request.state), request.urn);
    },
  };
}
