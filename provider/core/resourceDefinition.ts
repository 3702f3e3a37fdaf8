/**
 * What a resource is to the front doors: its type tokens, its properties, and its lifecycle over plain data. A
 * resource implements this once, in its own folder under provider/resources/, and one line of the registry lists
 * it; the plugin adapter routes every request by type token through that list, the schema and the public exports
 * loop over it, and the dynamic adapter is one function of a definition. No adapter knows a resource by name.
 */
import type { Session } from "./session";

/** A property's type, in terms any front door can translate (a schema type, an SDK type). */
export type PropertyType =
  | { kind: "string" }
  | { kind: "boolean" }
  | { kind: "integer" }
  | { kind: "map"; of: PropertyType }
  | { kind: "list"; of: PropertyType }
  | ObjectType;

/** An object with named fields, which a schema lists once under `types` by its `token` (e.g. `syncauth:index:X`). */
export interface ObjectType {
  kind: "object";
  token: string;
  description: string;
  fields: Record<string, FieldSpec>;
}

/** A field of an object type. */
export interface FieldSpec {
  type: PropertyType;
  description: string;
  /** Always present (in an input: must be given). */
  required?: true;
  /** The value must never be shown. */
  secret?: true;
}

/** One input or output property of a resource. */
export interface PropertySpec {
  type: PropertyType;
  description: string;
  /** The value must never be shown: the engine encrypts it in state and masks it in output. */
  secret?: true;
}

/** A property `check` refused, and why; the reason names the property and what to do, never a secret value. */
export interface InputFailure {
  property: string;
  reason: string;
}

/** What check decided. */
export interface CheckOutcome<Checked> {
  /** The inputs to hand back to the engine, in the shape the program sent them (what `ignoreChanges` resolves). */
  news: Record<string, unknown>;
  /** The checked inputs, set exactly when `failures` is empty. */
  inputs?: Checked;
  failures: InputFailure[];
  /** Warnings to show; they name properties and keys, never values. */
  warnings: string[];
}

/** Something to tell the user beside the engine's own display. */
export interface Notice {
  severity: "info" | "warning";
  message: string;
}

/** How a path changed, as a detailed diff names it. */
export type PathChange = "add" | "update" | "delete";

/** What a diff answers. */
export interface DiffOutcome {
  changes: boolean;
  /** Input properties whose change forces a replacement. */
  replaces: string[];
  deleteBeforeReplace?: boolean;
  /**
   * Paths of what changed (`objectMappings[0].attributeMappings[3].source`) and how, for the plugin's detailed diff
   * (`pulumi preview --diff`); absent: whole properties.
   */
  changedPaths?: Record<string, PathChange>;
  /**
   * The paths compare the state (the last outputs) with the new inputs, not old inputs with new: a change found by
   * refresh (drift) is then shown with the value the state holds. Needs outputs of the inputs' shape at each path.
   */
  changedPathsAgainstState?: true;
  notice?: Notice;
}

/** What create or update did. */
export interface WriteOutcome {
  /** The resource id (create) — also for a partial failure. */
  id: string;
  outputs: Record<string, unknown>;
  warnings: string[];
  /** Set when the operation must fail although it changed something: the adapters keep `outputs` in state. */
  failure?: string;
}

/** What read (refresh, import) learned. */
export type ReadOutcome =
  | { presence: "absent" }
  | { presence: "present"; outputs: Record<string, unknown>; inputs?: Record<string, unknown>; warnings: string[] };

/** A resource, as both front doors serve it. */
export interface ResourceDefinition<Checked = unknown> {
  /**
   * The class name users construct (`SynchronizationAuthorization`), which names its dynamic provider too; the
   * dynamic type token (`pulumi-nodejs:dynamic/<module>:<name>`) is the program side's (program.ts), fixed once.
   */
  name: string;
  /** The plugin's type token, `syncauth:index:<name>`. */
  pluginType: string;
  description: string;
  inputs: Record<string, PropertySpec>;
  outputs: Record<string, PropertySpec>;
  /** Outputs always present after create. */
  requiredOutputs: readonly string[];
  /** Inputs a program must give (an SDK makes them required arguments); check refuses their absence either way. */
  requiredInputs?: readonly string[];
  /**
   * Outputs that repeat part of an input under another name, secret whenever that input is (the host and the engine
   * carry secret-ness only to outputs of the same name).
   */
  repeatingOutputs?: Record<string, readonly string[]>;

  /**
   * Validates and normalizes raw inputs; no network call, no sign-in. `olds`: the inputs in state. `claimant`: the
   * resource's URN, when the front door knows it (the plugin does), for what two resources may not both claim.
   */
  check(
    session: Session,
    news: Record<string, unknown>,
    olds: Record<string, unknown>,
    claimant?: string,
  ): CheckOutcome<Checked>;
  /** The checked inputs of inputs that check accepted (check hands the engine the program's shape, not these). */
  checked(session: Session, inputs: Record<string, unknown>): Checked;
  /** No network call. `publicInputs`: inputs known not to be secret, which reasons may quote. */
  diff(
    session: Session,
    olds: Record<string, unknown>,
    inputs: Checked,
    publicInputs?: ReadonlySet<string>,
  ): DiffOutcome;
  /** The outputs a preview of create or update shows (unknown where the service decides). */
  previewOutputs(inputs: Checked): Record<string, unknown>;
  create(session: Session, inputs: Checked): Promise<WriteOutcome>;
  update(session: Session, id: string, olds: Record<string, unknown>, inputs: Checked): Promise<WriteOutcome>;
  /** `state` empty: an import. `inputs`: the inputs in state, when the front door has them. */
  read(
    session: Session,
    id: string,
    state: Record<string, unknown>,
    inputs?: Record<string, unknown>,
  ): Promise<ReadOutcome>;
  /** `claimant`: the resource's URN, when the front door knows it (as for check). */
  delete(session: Session, id: string, state: Record<string, unknown>, claimant?: string): Promise<void>;
}
