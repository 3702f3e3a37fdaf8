import { createHmac, randomBytes } from "node:crypto";
import type { CredentialPair } from "./credentialPairs";
import { defaultSchema } from "./synchronizationSchemaDefaults";

/** A synchronization job of one service principal or application (`GET …/synchronization/jobs`). */
export interface SynchronizationJobSeed {
  /** Object id of the service principal or application the job belongs to. */
  objectId: string;
  /** `<templateId>.<32 hex>.<32 hex>`, the shape of Graph's job ids. */
  id: string;
  templateId: string;
}

/** Whether the target application still accepts what an object's provisioning was last authorized with. */
export type SavedCredentialsState = "none" | "accepted" | "revoked";

/** The template every object offers: a non-gallery SCIM app, as Graph's example lists it. */
export const DEFAULT_TEMPLATE_ID = "scim";

export const SINGLE_USE_KEY = "Oauth2AuthorizationCode";

const JOB_ID = /^[A-Za-z0-9]+\.[0-9a-f]{32}\.[0-9a-f]{32}$/;

interface Grant {
  fingerprint: string;
  revoked: boolean;
  /**
   * What the target application says when it refuses, as a SCIM endpoint may quote what it was given ("Failed to
   * reach <BaseAddress> with token <SecretToken>"). Graph's pages do not say whether validateCredentials passes the
   * target's text on; a test sets it to try the provider's redaction.
   */
  targetSays?: string;
}

/**
 * What the provisioning service and the target applications remember per object: its jobs, the authorization codes
 * already redeemed (a code is accepted once), and the credentials of the last authorization, which the target may
 * later revoke. Credential values are kept only as keyed fingerprints, never as text.
 */
export class SynchronizationState {
  private readonly fingerprintKey = randomBytes(32);
  private readonly jobsByObject = new Map<string, SynchronizationJobSeed[]>();
  private readonly redeemed = new Map<string, Set<string>>();
  private readonly grants = new Map<string, Grant[]>();
  /** Job schemas that differ from the template's default (a job without an entry has its template's). */
  private readonly schemas = new Map<string, JobSchema>();
  private schemaVersions = 0;

  constructor(jobs: readonly SynchronizationJobSeed[] = []) {
    for (const job of jobs) this.addJob(job.objectId, job);
  }

  /** Adds a job (a generated id unless one is given) and returns it. */
  addJob(objectId: string, options: { id?: string; templateId?: string } = {}): SynchronizationJobSeed {
    const templateId = options.templateId ?? DEFAULT_TEMPLATE_ID;
    const id = options.id ?? `${templateId}.${randomBytes(16).toString("hex")}.${randomBytes(16).toString("hex")}`;
    if (!JOB_ID.test(id)) throw new Error(`job id '${id}' is not shaped <templateId>.<32 hex>.<32 hex>`);
    if (!id.startsWith(`${templateId}.`))
      throw new Error(`job id '${id}' does not start with its template '${templateId}'`);
    const job: SynchronizationJobSeed = { objectId, id, templateId };
    const jobs = this.jobsByObject.get(key(objectId)) ?? [];
    if (jobs.some((existing) => existing.id.toLowerCase() === id.toLowerCase())) {
      throw new Error(`object ${objectId} already has a job '${id}'`);
    }
    jobs.push(job);
    this.jobsByObject.set(key(objectId), jobs);
    return { ...job };
  }

  /** Removes a job (and its schema); false when the object had no such job. */
  removeJob(objectId: string, jobId: string): boolean {
    const jobs = this.jobsByObject.get(key(objectId)) ?? [];
    const index = jobs.findIndex((job) => job.id.toLowerCase() === jobId.toLowerCase());
    if (index < 0) return false;
    jobs.splice(index, 1);
    this.schemas.delete(schemaKey(objectId, jobId));
    return true;
  }

  jobs(objectId: string): SynchronizationJobSeed[] {
    return (this.jobsByObject.get(key(objectId)) ?? []).map((job) => ({ ...job }));
  }

  job(objectId: string, jobId: string): SynchronizationJobSeed | undefined {
    return this.jobs(objectId).find((job) => job.id.toLowerCase() === jobId.toLowerCase());
  }

  /** The templates an object offers: the default one and those its jobs were made from. */
  templateIds(objectId: string): string[] {
    return [...new Set([DEFAULT_TEMPLATE_ID, ...this.jobs(objectId).map((job) => job.templateId)])];
  }

  /**
   * A copy of the job's schema: its template's default until something replaced it. Undefined for an unknown job.
   * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get
   */
  jobSchema(objectId: string, jobId: string): JsonObject | undefined {
    const job = this.job(objectId, jobId);
    if (!job) return undefined;
    return structuredClone(this.storedSchema(job));
  }

  /** The default schema of a template (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get, template form). */
  templateSchema(templateId: string): JsonObject {
    return defaultSchema(templateId, templateId, "1");
  }

  /**
   * "This method fully replaces the current schema with the one provided in the request"
   * (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-update). The id stays the
   * job's and `version` is "updated automatically with every schema change"
   * (https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationschema): what the body
   * says for either is ignored (the pages do not say what Graph does with them). Returns the new version.
   */
  replaceSchema(objectId: string, jobId: string, schema: JsonObject): string | undefined {
    const job = this.job(objectId, jobId);
    if (!job) return undefined;
    const version = this.nextVersion();
    this.schemas.set(schemaKey(objectId, jobId), {
      schema: { ...structuredClone(schema), id: job.id, version },
    });
    return version;
  }

  /**
   * "Delete the customized schema and resets the schema to the default configuration"
   * (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-delete): the template's
   * default again, with a new version. False for an unknown job.
   */
  resetSchema(objectId: string, jobId: string): boolean {
    const job = this.job(objectId, jobId);
    if (!job) return false;
    this.schemas.set(schemaKey(objectId, jobId), { schema: defaultSchema(job.templateId, job.id, this.nextVersion()) });
    return true;
  }

  /**
   * Changes a job's schema the way the portal (or another writer) would, outside Graph's request pipeline: `edit`
   * gets a copy to change in place (or returns a replacement); the result is stored with a new version. Returns the
   * schema now stored, or undefined for an unknown job.
   */
  editSchema(objectId: string, jobId: string, edit: (schema: JsonObject) => JsonObject | void): JsonObject | undefined {
    const current = this.jobSchema(objectId, jobId);
    if (!current) return undefined;
    const edited = edit(current) ?? current;
    this.replaceSchema(objectId, jobId, edited);
    return this.jobSchema(objectId, jobId);
  }

  private storedSchema(job: SynchronizationJobSeed): JsonObject {
    const stored = this.schemas.get(schemaKey(job.objectId, job.id));
    if (stored) return stored.schema;
    const created = { schema: defaultSchema(job.templateId, job.id, this.nextVersion()) };
    this.schemas.set(schemaKey(job.objectId, job.id), created);
    return created.schema;
  }

  /** Graph's pages do not say what a version looks like; here it is a counter, new on every change. */
  private nextVersion(): string {
    this.schemaVersions += 1;
    return String(this.schemaVersions);
  }

  /** Whether `pairs` carry an authorization code this object's authorization already redeemed. */
  carriesRedeemedCode(objectId: string, pairs: readonly CredentialPair[]): boolean {
    const redeemed = this.redeemed.get(key(objectId));
    return pairs.some((pair) => pair.key === SINGLE_USE_KEY && (redeemed?.has(this.fingerprint(pair.value)) ?? false));
  }

  /** An applied acquireAccessToken: its code (if any) is now redeemed and its credentials are the saved ones. */
  recordAuthorization(objectId: string, pairs: readonly CredentialPair[]): void {
    for (const pair of pairs.filter((candidate) => candidate.key === SINGLE_USE_KEY)) {
      const redeemed = this.redeemed.get(key(objectId)) ?? new Set<string>();
      redeemed.add(this.fingerprint(pair.value));
      this.redeemed.set(key(objectId), redeemed);
    }
    const grants = this.grants.get(key(objectId)) ?? [];
    grants.push({ fingerprint: this.pairsFingerprint(pairs), revoked: false });
    this.grants.set(key(objectId), grants);
  }

  /** How many acquireAccessToken calls were applied to the object. */
  authorizations(objectId: string): number {
    return this.grants.get(key(objectId))?.length ?? 0;
  }

  /** How many distinct authorization codes were redeemed for the object. */
  redeemedCodes(objectId: string): number {
    return this.redeemed.get(key(objectId))?.size ?? 0;
  }

  /** The target stops accepting what the last authorization gave it; false when there was nothing to revoke. */
  revoke(objectId: string, targetSays?: string): boolean {
    const current = this.grants.get(key(objectId))?.at(-1);
    if (!current || current.revoked) return false;
    current.revoked = true;
    current.targetSays = targetSays;
    return true;
  }

  /** The target's own words with its refusal of the saved credentials, when a test gave it some. */
  targetRefusal(objectId: string): string | undefined {
    return this.grants.get(key(objectId))?.at(-1)?.targetSays;
  }

  savedCredentials(objectId: string): SavedCredentialsState {
    const current = this.grants.get(key(objectId))?.at(-1);
    if (!current) return "none";
    return current.revoked ? "revoked" : "accepted";
  }

  /** Explicit credentials are accepted unless the target revoked exactly these for the object. */
  acceptsCredentials(objectId: string, pairs: readonly CredentialPair[]): boolean {
    const fingerprint = this.pairsFingerprint(pairs);
    return !(this.grants.get(key(objectId)) ?? []).some((grant) => grant.revoked && grant.fingerprint === fingerprint);
  }

  private fingerprint(value: string): string {
    return createHmac("sha256", this.fingerprintKey).update(value).digest("hex");
  }

  /** Independent of pair order; the key is part of each entry so moving a value between keys changes it. */
  private pairsFingerprint(pairs: readonly CredentialPair[]): string {
    const entries = pairs.map((pair) => `${pair.key}\u0000${this.fingerprint(pair.value)}`).sort();
    return this.fingerprint(entries.join("\u0001"));
  }
}

type JsonObject = Record<string, unknown>;

interface JobSchema {
  schema: JsonObject;
}

function schemaKey(objectId: string, jobId: string): string {
  return `${key(objectId)}|${jobId.toLowerCase()}`;
}

function key(objectId: string): string {
  return objectId.toLowerCase();
}
