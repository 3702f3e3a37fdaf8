/**
 * SynchronizationAuthorization as both front doors serve it: Graph's acquireAccessToken on create and when its
 * inputs change, optionally followed by validateCredentials. Every decision is in this folder; this file only
 * maps the lifecycle onto the resource definition.
 */
import type { ResourceDefinition, WriteOutcome } from "../../core/resourceDefinition";
import type { AuthorizationOutcome } from "./lifecycle";
import type { CheckedInputs } from "./authorizationState";
import { checkInputs, checkedInputs, createAuthorization, previewChange, updateAuthorization } from "./lifecycle";
import { refreshAuthorization } from "./refreshAuthorization";
import { planNotice } from "./lifecycleNotices";
import { INPUT_PROPERTY_SPECS, OUTPUT_PROPERTY_SPECS, REQUIRED_OUTPUTS } from "./properties";
import { previewOutputs } from "./previewOutputs";

function written(outcome: AuthorizationOutcome): WriteOutcome {
  return {
    id: outcome.outputs.target,
    outputs: { ...outcome.outputs },
    warnings: outcome.warnings,
    ...(outcome.failure !== undefined && { failure: outcome.failure }),
  };
}

export const synchronizationAuthorization: ResourceDefinition<CheckedInputs> = {
  name: "SynchronizationAuthorization",
  pluginType: "syncauth:index:SynchronizationAuthorization",
  description:
    "Sends credentials to a provisioning job's synchronization secrets (acquireAccessToken) when created and when its inputs change.",
  inputs: INPUT_PROPERTY_SPECS,
  outputs: OUTPUT_PROPERTY_SPECS,
  requiredOutputs: REQUIRED_OUTPUTS,
  // The connection test's result names testConnection's job.
  repeatingOutputs: { testConnection: ["connectionTest"] },

  check: (session, news, olds) => checkInputs(session, news, olds),
  checked: (session, inputs) => checkedInputs(session, inputs),
  diff(session, olds, inputs, publicInputs) {
    const plan = previewChange(session, olds, inputs, publicInputs);
    return {
      changes: plan.changes,
      replaces: plan.replaces,
      ...(plan.deleteBeforeReplace !== undefined && { deleteBeforeReplace: plan.deleteBeforeReplace }),
      notice: planNotice(inputs.target, plan),
    };
  },
  previewOutputs: (inputs) => previewOutputs(inputs),
  create: async (session, inputs) => written(await createAuthorization(session, inputs)),
  update: async (session, _id, olds, inputs) => written(await updateAuthorization(session, olds, inputs)),
  async read(session, id, state, inputs) {
    const refreshed = await refreshAuthorization(session, id, state, inputs);
    return refreshed.presence === "absent" ? refreshed : { ...refreshed };
  },
  // Graph has no way to withdraw an authorization: deleting the resource only forgets it (see README).
  delete: async () => {},
};
