import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { LocalStack } from "../../scripts/lib/localStack";

/**
 * The provider object of version 0.1.0, as it was serialized into `__provider`: seven methods, each requiring
 * `pulumi-syncauth/dist/provider/lifecycle/operations` and delegating. Resources declared with it write state the
 * way that version did, so tests can upgrade such a stack to the current code.
 */
export const releasedProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").create(inputs);
  },
  async update(id, olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").update(id, olds, news);
  },
  async read(id, props) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").read(id, props);
  },
  async delete(id, props) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").remove(id, props);
  },
};

/** A SynchronizationAuthorization as 0.1.0 declared it: same type token, inputs and options, given provider code. */
export class ReleasedAuthorization extends pulumi.dynamic.Resource {
  constructor(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    args: {
      servicePrincipalId: string;
      credentials: Record<string, string>;
      writeOnlyCredentials?: Record<string, Record<string, string>>;
    },
  ) {
    super(
      provider,
      name,
      {
        servicePrincipalId: args.servicePrincipalId,
        applicationId: undefined,
        credentials: pulumi.secret(args.credentials),
        writeOnlyCredentials: args.writeOnlyCredentials,
        writeOnlyCredentialsVersion: undefined,
        apiVersion: undefined,
        triggers: undefined,
        reauthorizeAfter: undefined,
        target: undefined,
        lastAuthorizedAt: undefined,
        credentialKeys: undefined,
        cloud: undefined,
        graphEndpoint: undefined,
        credentialFingerprint: undefined,
        fingerprintSalt: undefined,
      },
      { additionalSecretOutputs: ["credentialFingerprint"] },
      "msgraph",
      "SynchronizationAuthorization",
    );
  }
}

/**
 * The outputs 0.1.0 wrote (its `outputsAfterAuthorization`), besides `__provider`. Later versions add more
 * (`singleUseFingerprints`, `testConnection`, `connectionTest`, `lastTestedAt`), which state written by 0.1.0 lacks.
 */
export const RELEASED_OUTPUTS = [
  "target",
  "servicePrincipalId",
  "applicationId",
  "apiVersion",
  "cloud",
  "graphEndpoint",
  "credentialKeys",
  "credentialFingerprint",
  "fingerprintSalt",
  "writeOnlyCredentials",
  "writeOnlyCredentialsVersion",
  "triggers",
  "reauthorizeAfter",
  "lastAuthorizedAt",
];

/** The key the engine marks a secret value with in an exported deployment (`--show-secrets`: `plaintext` JSON). */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** A map `{ key: x }` as the list 0.1.0's check stored: `[{ key, value: x }]`, or `[{ key, ...x }]` for references. */
function asList(value: unknown, spread: boolean): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.entries(value as Record<string, unknown>).map(([key, entry]) =>
    spread ? { key, ...(entry as object) } : { key, value: entry },
  );
}

/** `asList` inside a secret, which the export shows as JSON text (`plaintext`). */
function asListKeepingSecret(value: unknown, spread: boolean): unknown {
  const secret = value as { [SECRET_SIGNATURE]?: string; plaintext?: string } | undefined;
  if (secret?.[SECRET_SIGNATURE] === undefined || secret.plaintext === undefined) return asList(value, spread);
  return { ...secret, plaintext: JSON.stringify(asList(JSON.parse(secret.plaintext), spread)) };
}

/**
 * The inputs 0.1.0's check handed back, and so the inputs its state holds: the checked form, with both credential
 * collections as lists of pairs whatever shape the program wrote, `target` and the default `apiVersion` added.
 */
function releasedInputs(inputs: Record<string, unknown>): Record<string, unknown> {
  const id = inputs.servicePrincipalId ?? inputs.applicationId;
  const collection = inputs.servicePrincipalId !== undefined ? "servicePrincipals" : "applications";
  return {
    ...inputs,
    target: `${collection}/${String(id)}`,
    apiVersion: inputs.apiVersion ?? "v1.0",
    ...(inputs.credentials !== undefined ? { credentials: asListKeepingSecret(inputs.credentials, false) } : {}),
    ...(inputs.writeOnlyCredentials !== undefined
      ? { writeOnlyCredentials: asListKeepingSecret(inputs.writeOnlyCredentials, true) }
      : {}),
  };
}

/**
 * Rewrites the stack's state as 0.1.0 would have written it: resources declared with {@link releasedProvider} run
 * today's code behind 0.1.0's `__provider`, so their outputs hold fields 0.1.0 never wrote (they are dropped), and
 * their inputs are in the shape the program sent, where 0.1.0 stored its checked form (see `releasedInputs`)
 * (`pulumi stack export --show-secrets` → `pulumi stack import`, which encrypts the secrets again).
 * @returns the output fields removed, by resource name.
 */
export async function asReleasedState(stack: LocalStack, type: string): Promise<Record<string, string[]>> {
  const exported = JSON.parse(await stack.exportText({ showSecrets: true }));
  const removed: Record<string, string[]> = {};
  for (const resource of exported.deployment?.resources ?? []) {
    if (resource.type !== type) continue;
    resource.inputs = releasedInputs(resource.inputs as Record<string, unknown>);
    const outputs = resource.outputs as Record<string, unknown>;
    const extra = Object.keys(outputs).filter((key) => key !== "__provider" && !RELEASED_OUTPUTS.includes(key));
    for (const key of extra) delete outputs[key];
    resource.additionalSecretOutputs = ["credentialFingerprint"];
    removed[String(resource.urn).split("::").pop() ?? ""] = extra;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "released-state-")), "deployment.json");
  fs.writeFileSync(file, JSON.stringify(exported));
  await stack.must(["stack", "import", "--file", file]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return removed;
}
