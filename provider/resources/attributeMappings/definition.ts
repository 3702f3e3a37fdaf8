/**
 * AttributeMappings as both front doors serve it: a provisioning job's attribute mappings (and each object
 * mapping's scoping filter and enablement), declared in the stack and written to the job's synchronization schema.
 * Named after what the portal calls the page it replaces (Provisioning → Mappings → "Attribute Mapping") and what
 * users ask for; one resource may manage several object mappings of one job. Every decision is in this folder; this
 * file only maps the lifecycle onto the resource definition.
 */
import type { ResourceDefinition } from "../../core/resourceDefinition";
import { UNKNOWN_VALUE } from "../../core/unknownValue";
import type { CheckedAttributeMappings } from "./declarations";

import { checkInputs } from "./inputs/checkInputs";
import { importMappings, jobResourceId, readMappings, releaseMappings, writeMappings } from "./lifecycle";
import { diffAttributeMappings, needsGraph } from "./planDiff";
import { INPUT_PROPERTY_SPECS, OUTPUT_PROPERTY_SPECS, REQUIRED_OUTPUTS } from "./properties";
import { parseImportId } from "./resourceId";
import { ownedInState, readState } from "./stateReading";

export const attributeMappings: ResourceDefinition<CheckedAttributeMappings> = {
  name: "AttributeMappings",
  pluginType: "syncauth:index:AttributeMappings",
  description:
    "A provisioning job's attribute mappings, scoping filters and object mapping enablement, written to the job's synchronization schema (only what the resource owns).",
  inputs: INPUT_PROPERTY_SPECS,
  outputs: OUTPUT_PROPERTY_SPECS,
  requiredOutputs: REQUIRED_OUTPUTS,
  requiredInputs: ["jobId", "objectMappings"],

  check: (session, news, _olds, claimant) =>
    checkInputs(news, claimant === undefined ? undefined : { registry: session.shared.claims, claimant }),
  checked(_session, inputs) {
    const outcome = checkInputs(inputs);
    if (outcome.inputs === undefined) {
      throw new Error(`inputs that check refused: ${outcome.failures.map((failure) => failure.property).join(", ")}`);
    }
    return outcome.inputs;
  },
  diff: (_session, olds, inputs) => diffAttributeMappings(olds, inputs),
  previewOutputs: (inputs) => ({
    [inputs.target.kind === "servicePrincipals" ? "servicePrincipalId" : "applicationId"]: inputs.target.objectId,
    target: `${inputs.target.kind}/${inputs.target.objectId}`,
    jobId: inputs.jobId,
    apiVersion: inputs.apiVersion,
    ownership: inputs.ownership,
    whenReleased: inputs.whenReleased,
    // What Graph will hold is known after the write (Graph may normalize it).
    objectMappings: UNKNOWN_VALUE,
  }),
  async create(session, inputs) {
    const outcome = await writeMappings(session, inputs, []);
    return { id: jobResourceId(inputs), ...outcome };
  },
  async update(session, id, olds, inputs) {
    const reading = readState(olds);
    if (!needsGraph(diffAttributeMappings(olds, inputs))) {
      // An apiVersion or whenReleased change alone: recorded, nothing sent.
      return {
        id,
        outputs: { ...olds, apiVersion: inputs.apiVersion, whenReleased: inputs.whenReleased },
        warnings: [],
      };
    }
    const outcome = await writeMappings(session, inputs, ownedInState(reading));
    // lastWrittenAt stays when nothing needed writing.
    const outputs = {
      ...(olds.lastWrittenAt !== undefined && { lastWrittenAt: olds.lastWrittenAt }),
      ...outcome.outputs,
    };
    return { id, outputs, warnings: outcome.warnings };
  },
  async read(session, id, state) {
    if (typeof state.target !== "string") {
      const request = parseImportId(id);
      const imported = await importMappings(session, request.job, request.owned);
      return imported === "absent"
        ? { presence: "absent" }
        : { presence: "present", outputs: imported.outputs, inputs: imported.inputs, warnings: [] };
    }
    const read = await readMappings(session, state);
    return read === "absent" ? { presence: "absent" } : { presence: "present", ...read };
  },
  // What was left to another writer is not reported: a delete has no warnings to give (the next refresh of the other
  // resource, or the portal, shows it).
  delete: async (session, _id, state, claimant) => {
    await releaseMappings(session, state, claimant);
  },
};
