/**
 * The provider plugin `syncauth`: the plugin host's handlers over the core. Each handler turns the host's values
 * into the core's plain data and back (coreValues.ts); every decision and every Graph call is the core's. Check
 * failures and warnings name properties and keys, never values; `credentials` and `credentialFingerprint` leave
 * as secrets.
 */
import type { CheckedInputs } from "../core/authorizationState";
import {
  checkInputs,
  checkedInputs,
  createAuthorization,
  previewChange,
  refreshAuthorization,
  updateAuthorization,
  type AuthorizationOutcome,
} from "../core/lifecycle";
import { planNotice } from "../core/lifecycleNotices";
import { INPUT_PROPERTY_SPECS, OUTPUT_PROPERTY_SPECS, secretProperties } from "../core/resourceProperties";
import { Session, newSharedClients, type SharedClients } from "../core/session";
import type { Env } from "../config/configKeys";
import { pluginPackage } from "../plugin/packageVersion";
import type { CallContext, ProviderHandlers } from "../plugin/providerHandlers";
import { ResourceInitError } from "../plugin/providerErrors";
import { containsSecrets, type PropertyMap } from "../plugin/propertyValue";
import { fromCore, toCore } from "./coreValues";
import { pluginConfigSource, unknownConfigKeyWarning, unknownConfigKeys, withSecretConfig } from "./pluginConfig";
import { previewOutputs } from "./previewOutputs";
import { syncauthSchema } from "./schema";

export const RESOURCE_TYPE = "syncauth:index:SynchronizationAuthorization";

const SECRET_INPUTS = secretProperties(INPUT_PROPERTY_SPECS);
const SECRET_OUTPUTS = secretProperties(OUTPUT_PROPERTY_SPECS);
/**
 * Outputs that repeat part of an input under another name, secret whenever that input is (the host and the engine
 * only carry secret-ness to outputs of the same name): the connection test's result names testConnection's job.
 */
const REPEATING_OUTPUTS: Record<string, readonly string[]> = { testConnection: ["connectionTest"] };

export function syncauthProvider(env: Env = process.env, shared: SharedClients = newSharedClients()): ProviderHandlers {
  let session = new Session({ get: () => undefined }, env, shared);
  /** The core's checked inputs for inputs that check accepted (check hands back the program's shape, not these). */
  const checked = (map: Parameters<typeof toCore>[0]): CheckedInputs => checkedInputs(session, toCore(map));

  /** The core's outputs for the engine; `given`: the inputs (or state) they came from, for their secret-ness. */
  const outputs = (data: object, given: PropertyMap) =>
    fromCore(data, [
      ...SECRET_OUTPUTS,
      ...Object.entries(REPEATING_OUTPUTS).flatMap(([input, repeating]) =>
        containsSecrets(given[input]) ? repeating : [],
      ),
    ]);

  /**
   * The outputs of create or update; when `up` must fail although the authorization happened (a strict
   * connection test), a ResourceInitError: the engine keeps the outputs, so the authorization is not sent again.
   */
  const keepingAuthorization = async (outcome: AuthorizationOutcome, given: PropertyMap, context: CallContext) => {
    const result = outputs(outcome.outputs, given);
    if (outcome.failure !== undefined) {
      throw new ResourceInitError(outcome.failure, outcome.outputs.target, result);
    }
    for (const warning of outcome.warnings) context.log.warn(warning);
    return { id: outcome.outputs.target, outputs: result };
  };

  return {
    getSchema: async () => {
      const { version, repository } = pluginPackage(__dirname);
      return JSON.stringify(syncauthSchema(version, repository));
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
     * resolves `ignoreChanges` paths such as `credentials.SecretToken` against them. A key such a path dropped
     * because state holds the list form an earlier version stored comes back from `olds` (see checkInputs).
     */
    async check(request, context) {
      const result = checkInputs(session, toCore(request.news), toCore(request.olds));
      for (const warning of result.warnings) context.log.warn(warning);
      if (result.inputs === undefined) return { inputs: request.news, failures: result.failures };
      return { inputs: fromCore(result.news, SECRET_INPUTS) };
    },

    async diff(request, context) {
      const inputs = checked(request.news);
      // Secret-ness reaches the plugin (not the dynamic provider): reasons may quote what was plain, old and new.
      const publicInputs = new Set(
        Object.keys(request.news).filter(
          (name) => !containsSecrets(request.news[name]) && !containsSecrets(request.olds[name]),
        ),
      );
      const plan = previewChange(session, toCore(request.olds), inputs, publicInputs);
      const notice = planNotice(inputs.target, plan);
      if (notice?.severity === "warning") context.log.warn(notice.message);
      if (notice?.severity === "info") context.log.info(notice.message);
      return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.deleteBeforeReplace };
    },

    async create(request, context) {
      const inputs = checked(request.properties);
      if (request.preview) return { id: "", outputs: outputs(previewOutputs(inputs), request.properties) };
      return keepingAuthorization(await createAuthorization(session, inputs), request.properties, context);
    },

    async update(request, context) {
      const news = checked(request.news);
      if (request.preview) return { outputs: outputs(previewOutputs(news), request.news) };
      const outcome = await updateAuthorization(session, toCore(request.olds), news);
      return { outputs: (await keepingAuthorization(outcome, request.news, context)).outputs };
    },

    /**
     * Refresh: the resource leaves state when its target no longer exists (the next `up` authorizes again); with
     * `testConnection`, the connection test's result is recorded in the outputs the engine stores.
     */
    async read(request, context) {
      const refreshed = await refreshAuthorization(session, request.id, toCore(request.state));
      if (refreshed.presence === "absent") return undefined;
      for (const warning of refreshed.warnings) context.log.warn(warning);
      return { id: request.id, outputs: outputs(refreshed.outputs, request.state), inputs: request.inputs };
    },

    /** Graph has no way to withdraw an authorization: deleting the resource only forgets it (see README). */
    async delete() {},
  };
}
