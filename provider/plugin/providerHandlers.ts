import type { PropertyMap } from "./propertyValue";

/**
 * What a provider implements to be served as a Pulumi resource plugin (see `servePlugin`). Plain async functions
 * over plain values: the protocol (gRPC, protobuf Structs, signature maps) stays in this directory, so the handlers
 * can be tested without any of it. Secrets arrive and leave as `Secret` instances, not-yet-known values as
 * `unknown` (see propertyValue.ts).
 *
 * A handler reports bad input by returning check failures, a deliberate refusal by throwing `ProviderError`, and a
 * resource that was created (or changed) but did not end up right by throwing `ResourceInitError`. Any other error
 * reaches the user as its message only, with every secret string of the request removed.
 */
export interface ProviderHandlers {
  /** The package schema as JSON text (`pulumi package get-schema`, the YAML language host, SDK generation). */
  getSchema(): Promise<string>;

  /** Validates the provider's own configuration (the stack's `<package>:` keys). Default: accepted unchanged. */
  checkConfig?(request: CheckConfigRequest, context: CallContext): Promise<CheckResult>;

  /** Whether a configuration change affects existing resources. Default: unknown (the engine compares). */
  diffConfig?(request: DiffConfigRequest, context: CallContext): Promise<DiffResult>;

  /** Receives the checked configuration, once per provider process, before any resource call. */
  configure(request: ConfigureRequest, context: CallContext): Promise<void>;

  /** Validates and normalizes a resource's inputs. Runs in preview too, with unknowns; must call nothing remote. */
  check(request: CheckRequest, context: CallContext): Promise<CheckResult>;

  /** Compares checked inputs with the resource's last outputs. Runs in preview too; must call nothing remote. */
  diff(request: DiffRequest, context: CallContext): Promise<DiffResult>;

  /**
   * Creates the resource. With `preview: true` (every `pulumi preview`, and the preview of `pulumi up`) it must
   * call nothing and return the outputs it expects, `unknown` where it cannot know them; `id` may then be "".
   */
  create(request: CreateRequest, context: CallContext): Promise<CreateResult>;

  /** Reads the resource as it is now (refresh, import). `undefined` means it is gone; the engine drops it. */
  read(request: ReadRequest, context: CallContext): Promise<ReadResult | undefined>;

  /** Applies changed inputs. With `preview: true`, as for `create`: call nothing, return the expected outputs. */
  update(request: UpdateRequest, context: CallContext): Promise<UpdateResult>;

  /** Deletes the resource. */
  delete(request: DeleteRequest, context: CallContext): Promise<void>;

  /** The engine is shutting down the operation (Ctrl-C); `context.signal` of calls in flight is aborted as well. */
  cancel?(): Promise<void>;
}

/** Given to every handler call. */
export interface CallContext {
  /** Aborted when the engine sends Cancel. */
  signal: AbortSignal;
  /**
   * Messages the CLI shows with the resource (through the engine's log service). Never pass a secret: these are
   * not redacted.
   */
  log: ResourceLog;
}

export interface ResourceLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Which resource a call is about. */
export interface ResourceIdentity {
  /** `urn:pulumi:<stack>::<project>::<type>::<name>` */
  urn: string;
  /** The resource type token, e.g. `syncauth:index:SynchronizationAuthorization`. */
  type: string;
  /** The resource's logical name in the program. */
  name: string;
}

export interface CheckFailure {
  /** The input property at fault (top-level name), or "" for the resource as a whole. */
  property: string;
  /** What is wrong and what to do. Never the value itself. */
  reason: string;
}

export interface CheckResult {
  /** The inputs to store and pass to diff/create/update (defaults applied, normalized). */
  inputs: PropertyMap;
  failures?: CheckFailure[];
}

export interface CheckConfigRequest extends ResourceIdentity {
  /** The configuration the provider had last time ({} the first time). */
  olds: PropertyMap;
  news: PropertyMap;
}

export interface DiffConfigRequest extends ResourceIdentity {
  /** The provider resource's last outputs. */
  olds: PropertyMap;
  oldInputs: PropertyMap;
  news: PropertyMap;
  ignoreChanges: string[];
}

export interface ConfigureRequest {
  /** The provider's checked configuration by key (`tenantId`, not `syncauth:tenantId`); secrets marked. */
  config: PropertyMap;
}

export interface CheckRequest extends ResourceIdentity {
  /** The inputs last checked ({} on create). */
  olds: PropertyMap;
  /** The inputs the program gives now. */
  news: PropertyMap;
  /** Stable per resource; for deterministic random names. */
  randomSeed: Uint8Array;
}

export interface DiffRequest extends ResourceIdentity {
  id: string;
  /** The resource's last outputs (state), not its inputs. */
  olds: PropertyMap;
  /** The resource's last inputs. */
  oldInputs: PropertyMap;
  /** The checked new inputs. */
  news: PropertyMap;
  ignoreChanges: string[];
}

export type PropertyDiffKind = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

export interface DiffResult {
  /** true: an update (or replacement) is needed; false: nothing to do; undefined: unknown, the engine compares. */
  changes: boolean | undefined;
  /** Properties whose change needs a replacement. */
  replaces?: string[];
  /** Properties that will keep their value through an update. */
  stables?: string[];
  deleteBeforeReplace?: boolean;
  /** Properties that changed (the CLI's summary). */
  diffs?: string[];
  /** Per-property change for the CLI's detailed view; keys may be paths (`a.b[0]`). */
  detailedDiff?: Record<string, PropertyDiffKind>;
  /** The detailed diff's paths compare the old state (outputs) with the new inputs, rather than old inputs with new. */
  detailedDiffAgainstState?: boolean;
}

export interface CreateRequest extends ResourceIdentity {
  /** The checked inputs. */
  properties: PropertyMap;
  preview: boolean;
  /** The user's customTimeouts.create in seconds; 0 when not set. */
  timeoutSeconds: number;
}

export interface CreateResult {
  id: string;
  outputs: PropertyMap;
}

export interface ReadRequest extends ResourceIdentity {
  id: string;
  /** The resource's last outputs ({} on import). */
  state: PropertyMap;
  /** The resource's last inputs ({} on import). */
  inputs: PropertyMap;
}

export interface ReadResult {
  id: string;
  outputs: PropertyMap;
  /** The inputs that would produce this state, when the provider can tell (import, drift). */
  inputs?: PropertyMap;
}

export interface UpdateRequest extends ResourceIdentity {
  id: string;
  /** The resource's last outputs. */
  olds: PropertyMap;
  oldInputs: PropertyMap;
  /** The checked new inputs. */
  news: PropertyMap;
  preview: boolean;
  ignoreChanges: string[];
  timeoutSeconds: number;
}

export interface UpdateResult {
  outputs: PropertyMap;
}

export interface DeleteRequest extends ResourceIdentity {
  id: string;
  /** The resource's last outputs. */
  state: PropertyMap;
  oldInputs: PropertyMap;
  timeoutSeconds: number;
}
