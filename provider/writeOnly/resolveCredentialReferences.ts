import * as fs from "node:fs";
import * as path from "node:path";
import type { CredentialPair } from "../graph/credentialPair";
import {
  describeReference,
  keyVaultHostProblem,
  parseKeyVaultSecretUrl,
  referenceProblem,
  referenceTarget,
  valueFromFileText,
  type KeyVaultCloud,
  type KeyVaultSecretLocation,
  type WriteOnlyCredential,
} from "./credentialReference";
import { CredentialSourceError, WriteOnlyCredentialError, type UnresolvedCredential } from "./writeOnlyCredentialError";

/** Where values come from. Only create and update build one: preview never reads a reference. */
export interface CredentialSources {
  /** The provider process's environment. */
  env: Record<string, string | undefined>;
  /** The cloud whose Key Vault hosts references may name. */
  cloud: KeyVaultCloud;
  /**
   * Reads a Key Vault secret's value; throws {@link CredentialSourceError} with a value-free reason. Called only for
   * references that passed the host rule, and only when every reference is well formed.
   */
  readKeyVaultSecret(location: KeyVaultSecretLocation): Promise<string>;
}

/**
 * A credential file larger than this is not a credential (a misdirected path such as a log or an image): refusing
 * it keeps the provider from reading it into memory and sending it.
 */
export const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024;

/**
 * Reads every write-only credential's value; the pairs come back in the given order.
 *
 * All or nothing: every reference is checked first (so a malformed or foreign one reads nothing at all), then the
 * local ones (variables, files) are read, and Key Vault only when all of those succeeded: a secret that cannot be
 * sent is not fetched, logged in the vault's audit trail or held in memory. If any fails, a
 * {@link WriteOnlyCredentialError} lists each failing key of that stage with its reference and reason, and no value
 * leaves this function.
 */
export async function resolveCredentialReferences(
  references: readonly WriteOnlyCredential[],
  sources: CredentialSources,
): Promise<CredentialPair[]> {
  const refused = references.flatMap((reference) => {
    const reason = staticProblem(reference, sources.cloud);
    return reason === undefined ? [] : [unresolved(reference, reason)];
  });
  if (refused.length > 0) {
    throw new WriteOnlyCredentialError(refused, references.length);
  }
  const values = new Map<WriteOnlyCredential, string>();
  const local = references.filter((reference) => !("fromKeyVault" in reference));
  const remote = references.filter((reference) => "fromKeyVault" in reference);
  for (const stage of [local, remote]) {
    const outcomes = await Promise.allSettled(stage.map((reference) => readValue(reference, sources)));
    const failed: UnresolvedCredential[] = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.status === "fulfilled") {
        values.set(stage[index], outcome.value);
      } else {
        failed.push(unresolved(stage[index], reasonOf(outcome.reason)));
      }
    });
    if (failed.length > 0) {
      throw new WriteOnlyCredentialError(failed, references.length);
    }
  }
  return references.map((reference) => ({ key: reference.key, value: values.get(reference) as string }));
}

function staticProblem(credential: WriteOnlyCredential, cloud: KeyVaultCloud): string | undefined {
  const { kind, target } = referenceTarget(credential);
  const problem = referenceProblem(kind, target);
  if (problem !== undefined || kind !== "fromKeyVault") {
    return problem;
  }
  const location = parseKeyVaultSecretUrl(target);
  return "problem" in location ? location.problem : keyVaultHostProblem(location, cloud);
}

async function readValue(credential: WriteOnlyCredential, sources: CredentialSources): Promise<string> {
  if ("fromEnv" in credential) {
    return readEnvironmentVariable(credential.fromEnv, sources.env);
  }
  if ("fromFile" in credential) {
    return readCredentialFile(credential.fromFile);
  }
  const location = parseKeyVaultSecretUrl(credential.fromKeyVault);
  if ("problem" in location) {
    throw new CredentialSourceError(location.problem);
  }
  const value = await sources.readKeyVaultSecret(location);
  if (value === "") {
    throw new CredentialSourceError("the secret's value is empty: set a value in Key Vault");
  }
  return value;
}

/** Up to `limit` bytes from the start of the file; stops there whatever is left. */
async function readAtMost(handle: fs.promises.FileHandle, limit: number): Promise<Buffer> {
  const buffer = Buffer.alloc(limit);
  let filled = 0;
  while (filled < limit) {
    const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
    if (bytesRead === 0) {
      break;
    }
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function readEnvironmentVariable(name: string, env: Record<string, string | undefined>): string {
  // A plain lookup, not an own-property test: Windows' process.env matches names without regard to case. Anything
  // but a string (e.g. an inherited `toString`) is not a variable.
  const found: unknown = env[name];
  const value = typeof found === "string" ? found : undefined;
  if (value === undefined) {
    throw new CredentialSourceError(
      "is not set in the provider process's environment; set it where `pulumi up` runs (the provider inherits " +
        "that environment)",
    );
  }
  if (value === "") {
    throw new CredentialSourceError("is set but empty; give it the credential value");
  }
  return value;
}

/**
 * Kernel and device file systems: their reported sizes say nothing of what they hold (`/proc/self/environ` has
 * size 0 and holds the provider's environment, client secret included). Never a place for a credential file.
 */
const KERNEL_AND_DEVICE_ROOTS = ["/proc", "/sys", "/dev"];

function isUnder(root: string, file: string): boolean {
  return file === root || file.startsWith(`${root}/`);
}

/**
 * Reads a credential file: a regular file of at most {@link MAX_CREDENTIAL_FILE_BYTES} bytes of UTF-8 text, the
 * limit enforced on the bytes read (a file's reported size is not trusted). Paths into /proc, /sys and /dev, as
 * written or after links, are refused before opening. Opened non-blocking so that a FIFO or device path fails the
 * type check instead of hanging the deployment.
 */
async function readCredentialFile(file: string): Promise<string> {
  const real = await fs.promises.realpath(file).catch(() => path.resolve(file));
  if (KERNEL_AND_DEVICE_ROOTS.some((root) => isUnder(root, path.resolve(file)) || isUnder(root, real))) {
    throw new CredentialSourceError(
      "is a kernel or device file (/proc, /sys, /dev), not a credential file: write the value to a regular file",
    );
  }
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new CredentialSourceError(openFailure(error));
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new CredentialSourceError(
        stat.isDirectory() ? "is a directory, not a file" : "is not a regular file (a device, FIFO or socket)",
      );
    }
    const bytes = await readAtMost(handle, MAX_CREDENTIAL_FILE_BYTES + 1);
    if (bytes.length > MAX_CREDENTIAL_FILE_BYTES) {
      throw new CredentialSourceError(
        `holds more than ${MAX_CREDENTIAL_FILE_BYTES} bytes, more than a credential can be: check the path`,
      );
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new CredentialSourceError("is not UTF-8 text: store the credential as text");
    }
    const value = valueFromFileText(text);
    if (value === "") {
      throw new CredentialSourceError("is empty: write the credential value into it");
    }
    return value;
  } catch (error) {
    throw error instanceof CredentialSourceError ? error : new CredentialSourceError(openFailure(error));
  } finally {
    await handle.close();
  }
}

function openFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "does not exist where the provider process runs; check the path and that the file is mounted there";
    case "EACCES":
    case "EPERM":
      return "cannot be read by the provider process (permission denied): grant read access to the user running `pulumi up`";
    case "EISDIR":
      return "is a directory, not a file";
    case "ENOTDIR":
      return "does not exist: a part of the path is not a directory";
    default:
      return `could not be read (${typeof code === "string" ? code : "unknown error"})`;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof CredentialSourceError) {
    return error.message;
  }
  // Anything else is unexpected; its message is not known to be free of secrets, so only its kind is shown.
  return `could not be read (${error instanceof Error ? error.name : typeof error})`;
}

function unresolved(credential: WriteOnlyCredential, reason: string): UnresolvedCredential {
  return { key: credential.key, reference: describeReference(credential), reason };
}
