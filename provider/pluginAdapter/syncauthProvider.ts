/**
 * The provider plugin `syncauth`: the plugin host's handlers over the core. Each handler turns the host's values
 * into the core's plain data and back (coreValues.ts); every decision and every Graph call is the core's. Check
 * failures and warnings name properties and keys, never values; `credentials` and `credentialFingerprint` leave
 * as secrets.
 */
import type { AuthorizationOutputs, CheckedInputs } from "../core/authorizationState";
import {
  ConnectionTestFailedError,
  checkInputs,
  connectionTestWarning,
  createAuthorization,
  previewChange,
  refreshAuthorization,
  updateAuthorization,
} from "../core/lifecycle";
import { INPUT_PROPERTY_SPECS, OUTPUT_PROPERTY_SPECS, secretProperties } from "../core/resourceProperties";
import { Session, newSharedClients, type SharedClients } from "../core/session";
import type { Env } from "../config/configKeys";
import { packageVersion } from "../plugin/packageVersion";
import { ResourceInitError } from "../plugin/providerErrors";
import type { CallContext, ProviderHandlers } from "../plugin/providerHandlers";
import { fromCore, toCore } from "./coreValues";
import { pluginConfigSource } from "./pluginConfig";
import { previewOutputs } from "./previewOutputs";
import { syncauthSchema } from "./schema";

export const RESOURCE_TYPE = "syncauth:index:SynchronizationAuthorization";

const SECRET_INPUTS = secretProperties(INPUT_PROPERTY_SPECS);
const SECRET_OUTPUTS = secretProperties(OUTPUT_PROPERTY_SPECS);

export function syncauthProvider(env: Env = process.env, shared: SharedClients = newSharedClients()): ProviderHandlers {
  let session = new Session({ get: () => undefined }, env, shared);
  const checked = (map: Parameters<typeof toCore>[0]) => toCore(map) as unknown as CheckedInputs;
  const outputs = (data: object) => fromCore(data, SECRET_OUTPUTS);

  /** A connection test that did not pass is a warning; the outputs record it either way. */
  const warnAboutConnectionTest = (data: Record<string, unknown>, context: CallContext) => {
    const warning = connectionTestWarning(data);
    if (warning !== undefined) context.log.warn(warning);
  };

  /**
   * Runs create or update; a strict connection test failure becomes a partial failure carrying the outputs: the
   * engine keeps them, so the authorization is not sent again.
   */
  const keepingAuthorization = async (context: CallContext, run: () => Promise<AuthorizationOutputs>) => {
    try {
      const result = await run();
      warnAboutConnectionTest({ ...result }, context);
      return result;
    } catch (error) {
      if (error instanceof ConnectionTestFailedError) {
        throw new ResourceInitError(error.message, error.outputs.target, outputs(error.outputs));
      }
      throw error;
    }
  };

  return {
    getSchema: async () => JSON.stringify(syncauthSchema(packageVersion(__dirname))),

    async configure(request) {
      session = new Session(pluginConfigSource(request.config), env, shared);
    },

    async check(request, context) {
      const result = checkInputs(session, toCore(request.news));
      for (const warning of result.warnings) context.log.warn(warning);
      if (result.inputs === undefined) return { inputs: request.news, failures: result.failures };
      return { inputs: fromCore(result.inputs, SECRET_INPUTS) };
    },

    async diff(request, context) {
      const news = checked(request.news);
      const plan = previewChange(session, toCore(request.olds), news);
      if (plan.refusal !== undefined) {
        context.log.warn(`${news.target}: up will fail: ${plan.refusal}`);
      } else if (plan.authorize && plan.reasons.length > 0) {
        // The engine shows which inputs changed, but not why an unchanged resource authorizes again; say it.
        context.log.info(`will authorize again: ${plan.reasons.join("; ")}`);
      }
      return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.deleteBeforeReplace };
    },

    async create(request, context) {
      const inputs = checked(request.properties);
      if (request.preview) return { id: "", outputs: outputs(previewOutputs(inputs)) };
      const result = await keepingAuthorization(context, () => createAuthorization(session, inputs));
      return { id: result.target, outputs: outputs(result) };
    },

    async update(request, context) {
      const news = checked(request.news);
      if (request.preview) return { outputs: outputs(previewOutputs(news)) };
      const olds = toCore(request.olds);
      return { outputs: outputs(await keepingAuthorization(context, () => updateAuthorization(session, olds, news))) };
    },

    /**
     * Refresh: the resource leaves state when its target no longer exists (the next `up` authorizes again); with
     * `testConnection`, the connection test's result is recorded in the outputs the engine stores.
     */
    async read(request, context) {
      const refreshed = await refreshAuthorization(session, request.id, toCore(request.state));
      if (refreshed.presence === "absent") return undefined;
      warnAboutConnectionTest(refreshed.outputs, context);
      return { id: request.id, outputs: outputs(refreshed.outputs), inputs: request.inputs };
    },

    /** Graph has no way to withdraw an authorization: deleting the resource only forgets it (see README). */
    async delete() {},
  };
}
