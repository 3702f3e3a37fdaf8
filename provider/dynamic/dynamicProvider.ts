/**
 * The dynamic provider of a resource: the object the dynamic-provider host calls, made from the resource's
 * definition. Each function turns `pulumi.dynamic` arguments into the definition's plain data and back; every
 * decision and every call is the definition's. Provider output reaches the CLI attached to the resource, one line
 * per message; warnings name keys, never values.
 *
 * The host calls `configure` once per serialized provider text with the stack's configuration; the session it
 * builds serves that provider's resources until the next `configure`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../config/providerSettings";
import type { Notice, ResourceDefinition, WriteOutcome } from "../core/resourceDefinition";
import { Session, newSharedClients } from "../core/session";

const EMPTY_CONFIG: ConfigSource = { get: () => undefined };

/** One per provider process: every session shares its sign-ins, its limit on Graph calls and its vault clients. */
const shared = newSharedClients();

/** The host adds the serialized provider to inputs and outputs as `__provider`; it is the host's, not the core's. */
function withoutSerializedProvider<T extends object>(properties: T): T {
  return Object.fromEntries(Object.entries(properties).filter(([name]) => name !== "__provider")) as T;
}

function show(notice: Notice | undefined): void {
  if (notice !== undefined) console.log(notice.severity === "warning" ? `warning: ${notice.message}` : notice.message);
}

function warn(warnings: readonly string[]): void {
  for (const warning of warnings) console.log(`warning: ${warning}`);
}

/** The methods the dynamic-provider host calls (`delete` also as `remove`, the name 0.1.0's provider called). */
export interface DynamicProvider extends Required<Omit<pulumi.dynamic.ResourceProvider, "delete">> {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  delete(id: string, props: Record<string, unknown>): Promise<void>;
  remove(id: string, props: Record<string, unknown>): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own checked inputs
export function dynamicProviderFor(resource: ResourceDefinition<any>): DynamicProvider {
  let session = new Session(EMPTY_CONFIG, process.env, shared);
  const checked = (inputs: Record<string, unknown>) => resource.checked(session, withoutSerializedProvider(inputs));

  /**
   * The outputs of create or update; when it must fail although it changed something, the host's partial failure
   * (an error carrying id, properties and reasons): the engine keeps the outputs, so nothing is sent again.
   */
  const kept = (inputs: Record<string, unknown>, outcome: WriteOutcome): Record<string, unknown> => {
    if (outcome.failure !== undefined) {
      throw Object.assign(new Error(outcome.failure), {
        id: outcome.id,
        properties: { ...outcome.outputs, __provider: inputs.__provider },
        reasons: [outcome.failure],
      });
    }
    warn(outcome.warnings);
    return outcome.outputs;
  };

  const remove = async (id: string, props: Record<string, unknown>) =>
    resource.delete(session, id, withoutSerializedProvider(props));

  return {
    async configure(req) {
      session = new Session(req.config, process.env, shared);
    },

    /**
     * Check answers the inputs in the shape the program sent them (a map stays a map): they are what the engine
     * stores and what `ignoreChanges` paths resolve against; the checked form is computed again where it is used.
     */
    async check(olds, news) {
      const given = withoutSerializedProvider(news);
      const result = resource.check(session, given, withoutSerializedProvider(olds));
      warn(result.warnings);
      const inputs = result.news === given ? news : { ...result.news, __provider: news.__provider };
      return result.inputs === undefined ? { inputs, failures: result.failures } : { inputs };
    },

    async diff(_id, olds, news) {
      const diff = resource.diff(session, withoutSerializedProvider(olds), checked(news));
      show(diff.notice);
      return { changes: diff.changes, replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace };
    },

    async create(inputs) {
      const outcome = await resource.create(session, checked(inputs));
      return { id: outcome.id, outs: kept(inputs, outcome) };
    },

    async update(id, olds, news) {
      const outcome = await resource.update(session, id, withoutSerializedProvider(olds), checked(news));
      return { outs: kept(news, outcome) };
    },

    /** Refresh: an empty id drops the resource from state. */
    async read(id, props) {
      const read = await resource.read(session, id, withoutSerializedProvider(props));
      if (read.presence === "absent") return { id: "", props: {} };
      warn(read.warnings);
      return { id, props: { ...props, ...read.outputs } };
    },

    delete: remove,
    remove,
  };
}
