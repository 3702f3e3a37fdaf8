/**
 * A throwaway resource, never shipped: a note whose text is checked and whose length is computed on create. It
 * stands for the next resource: one folder, one definition, and the front doors serve it without a change of theirs.
 */
import type { ResourceDefinition } from "../../../provider/core/resourceDefinition";
import { UNKNOWN_VALUE } from "../../../provider/core/unknownValue";

export interface NoteInputs {
  text: string;
}

function validated(news: Record<string, unknown>): {
  inputs?: NoteInputs;
  failures: { property: string; reason: string }[];
} {
  const text = news.text;
  if (typeof text !== "string" || text.trim() === "") {
    return { failures: [{ property: "text", reason: "missing: give the note's text" }] };
  }
  return { inputs: { text }, failures: [] };
}

export const note: ResourceDefinition<NoteInputs> = {
  name: "Note",
  pluginType: "syncauth:index:Note",
  description: "A note (test only).",
  inputs: { text: { type: { kind: "string" }, description: "What the note says." } },
  outputs: {
    text: { type: { kind: "string" }, description: "What the note says." },
    length: { type: { kind: "integer" }, description: "Its length in characters." },
  },
  requiredOutputs: ["text", "length"],
  check(_session, news) {
    const result = validated(news);
    return { news, ...result, warnings: result.inputs?.text.includes("!") ? ["text: calm down"] : [] };
  },
  checked(_session, inputs) {
    const result = validated(inputs);
    if (result.inputs === undefined) throw new Error(result.failures[0].reason);
    return result.inputs;
  },
  diff(_session, olds, inputs) {
    const changes = olds.text !== inputs.text;
    return { changes, replaces: [], ...(changes && { changedPaths: { text: "update" } }) };
  },
  previewOutputs: (inputs) => ({
    text: inputs.text,
    length: inputs.text === UNKNOWN_VALUE ? UNKNOWN_VALUE : inputs.text.length,
  }),
  create: async (_session, inputs) => ({
    id: `note-${inputs.text.length}`,
    outputs: { text: inputs.text, length: inputs.text.length },
    warnings: [],
  }),
  update: async (_session, id, _olds, inputs) => ({
    id,
    outputs: { text: inputs.text, length: inputs.text.length },
    warnings: [],
  }),
  read: async (_session, _id, state) => ({ presence: "present", outputs: state, warnings: [] }),
  delete: async () => {},
};
