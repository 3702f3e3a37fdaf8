import { isDeepStrictEqual } from "node:util";
import { sameGraphEndpoint, type CloudName } from "../../config/clouds";
import { DEFAULT_API_VERSION } from "../../graph/apiVersion";
import { referenceTarget, type WriteOnlyCredential } from "../../writeOnly/credentialReference";
import type { CheckedInputs } from "./authorizationState";
import { connectionTestReasons, singleUseRefusal } from "./connectionTest";
import { credentialFingerprint } from "./credentialFingerprint";
import { formatDuration, parseDuration } from "../../core/duration";
import { shownKey } from "./inputs/keyRegistry";
import { quote } from "../../core/inputs/messageText";
import { isPropertyMap } from "../../core/inputs/propertyMap";
import { TARGET_ID_PROPERTIES, parseTargetPath, type TargetIdProperty } from "../../core/target";
import { alreadySentSingleUseKeys } from "./singleUseValues";
import { previousKeySpellings, storedKeyMatches } from "./storedKeyNames";
import { graphSpelling, isSingleUseKey } from "../../graph/synchronizationSecretKeys";
import { UNKNOWN_VALUE, containsUnknown } from "../../core/unknownValue";

/** Where the provider would send the authorization now, and when "now" is. */
export interface PlanContext {
  cloud: CloudName;
  /** The Graph root in use, without a trailing slash. */
  graphEndpoint: string;
  now: Date;
  /**
   * Inputs the adapter knows were not secret, in the old state and in the new inputs. Reasons quote the values of
   * free-text inputs (today `writeOnlyCredentialsVersion`) only for these: a secret version must not reach a preview.
   */
  publicInputs?: ReadonlySet<string>;
}

/** What a diff answers, plus whether an update must call Graph again. */
export interface ChangePlan {
  /** True when the engine should run update (or replace). */
  changes: boolean;
  /** True when update must call acquireAccessToken again; false when it only refreshes the outputs. */
  authorize: boolean;
  /** Input properties whose change forces a replacement (a new target is a new resource). */
  replaces: string[];
  /** Why, in words fit for preview output; never a credential value. Empty when nothing changes. */
  reasons: string[];
  /**
   * Set when an authorization is due but cannot succeed with what the stack holds (a failed connection test and a
   * single-use code already redeemed): update fails with this message, sending nothing; preview warns with it.
   */
  refusal?: string;
  /** Not set: the replacement and the old resource are independent, so the default order is kept. */
  deleteBeforeReplace?: boolean;
}

const TARGET_PROPERTIES = Object.values(TARGET_ID_PROPERTIES);

/** Ages in reasons keep two units ("31d4h"): enough to compare with the period, short enough to read. */
const AGE_UNITS_SHOWN = 2;

/**
 * Decides what a diff reports and what an update does, from the old outputs (possibly of an older provider version:
 * missing or odd fields never throw), the checked new inputs and the current endpoints and time.
 *
 * - Another target (`servicePrincipalId`/`applicationId`) → replace.
 * - Other credentials (keys, or values by fingerprint), other write-only references or writeOnlyCredentialsVersion,
 *   triggers, apiVersion, cloud or Graph endpoint → update that authorizes again. Unknown values count as changed.
 *   A changed value behind an unchanged write-only reference is not seen, by design: the value is never read in
 *   preview and never kept, so only the reference and the version can be compared.
 * - `reauthorizeAfter` set and the last authorization at least that old → update that authorizes again.
 * - The connection test at the last refresh failed (and `testConnection` is still set) → update that authorizes
 *   again; when that is the only reason and a key is single-use, `refusal` says a new code is needed instead.
 * - Only `reauthorizeAfter` or `testConnection` changed → update without calling acquireAccessToken (authorization codes are single-use, so the
 *   action never re-runs without cause).
 * - Anything else, including fields it does not compare, is no change. Absent cloud, endpoint or apiVersion in old state
 *   count as unchanged; an absent fingerprint or authorization time counts as a reason to authorize.
 */
export function planChange(olds: Record<string, unknown>, news: CheckedInputs, context: PlanContext): ChangePlan {
  const old = isPropertyMap(olds) ? olds : {};
  const replaces = changedTargetProperties(old, news);
  if (replaces.length > 0) {
    return {
      changes: true,
      authorize: true,
      replaces,
      reasons: [`the target changed (${replaces.join(", ")}): a new resource is authorized`],
    };
  }
  const testReasons = connectionTestReasons(old, news);
  const authorizeReasons = [
    ...unconfirmedAuthorization(old),
    ...testReasons,
    ...credentialChanges(old, news),
    ...writeOnlyChanges(old, news, context),
    ...triggerChanges(old, news),
    ...settingChanges(old, news, context),
    ...reauthorizationDue(old, news, context.now),
  ];
  const refreshReasons =
    authorizeReasons.length === 0 ? [...reauthorizeAfterChanges(old, news), ...testConnectionChanges(old, news)] : [];
  const singleUseNotes = authorizeReasons.length > 0 ? singleUseWarnings(old, news) : [];
  const refusal = singleUseRefusal(authorizeReasons, testReasons, news);
  return {
    changes: authorizeReasons.length > 0 || refreshReasons.length > 0,
    authorize: authorizeReasons.length > 0,
    replaces: [],
    reasons: [...authorizeReasons, ...refreshReasons, ...singleUseNotes],
    ...(refusal !== undefined && { refusal }),
  };
}

function changedTargetProperties(old: Record<string, unknown>, news: CheckedInputs): string[] {
  const oldIds = oldTargetIds(old);
  return TARGET_PROPERTIES.filter((property) => {
    const next = news[property];
    return next?.toLowerCase() !== oldIds[property];
  });
}

/** The old ids, lower-case; taken from `target` when the id fields are missing. */
function oldTargetIds(old: Record<string, unknown>): Partial<Record<TargetIdProperty, string>> {
  const servicePrincipalId = stringField(old, "servicePrincipalId");
  const applicationId = stringField(old, "applicationId");
  if (servicePrincipalId !== undefined || applicationId !== undefined) {
    return { servicePrincipalId: servicePrincipalId?.toLowerCase(), applicationId: applicationId?.toLowerCase() };
  }
  const target = parseTargetPath(stringField(old, "target") ?? "");
  return target === undefined ? {} : { [TARGET_ID_PROPERTIES[target.kind]]: target.objectId.toLowerCase() };
}

function credentialChanges(old: Record<string, unknown>, news: CheckedInputs): string[] {
  if (containsUnknown(news.credentials)) {
    return ["credentials may change (not known until apply)"];
  }
  const writeOnlyKeys = containsUnknown(news.writeOnlyCredentials)
    ? []
    : (news.writeOnlyCredentials ?? []).map((credential) => credential.key);
  // credentialKeys lists the keys of both collections: a key moved between them is caught by the fingerprint and
  // the references instead.
  const newKeys = new Set([...news.credentials.map((pair) => pair.key), ...writeOnlyKeys]);
  const salt = stringField(old, "fingerprintSalt");
  const oldKeyList = old.credentialKeys;
  // A key stored under another spelling of Graph's name is the same key (one spelling per key, from check on).
  const spellings = previousKeySpellings(old, [...newKeys]);
  const matches = (entry: string, key: string) =>
    storedKeyMatches(entry, salt, key) || storedKeyMatches(entry, salt, spellings.get(key) ?? key);
  if (Array.isArray(oldKeyList) && oldKeyList.every((key) => typeof key === "string")) {
    // Names that are not known are stored as fingerprints (storedKeyNames.ts) and never shown.
    const added = [...newKeys].filter((key) => !oldKeyList.some((entry) => matches(entry, key)));
    const removed = oldKeyList.filter((entry) => ![...newKeys].some((key) => matches(entry, key)));
    if (added.length > 0 || removed.length > 0) {
      return [`credential keys changed (${describeSetChange(added, removed)})`];
    }
  }
  const fingerprint = stringField(old, "credentialFingerprint");
  if (salt === undefined || fingerprint === undefined) {
    return ["the previous state holds no credential fingerprint, so a credential change cannot be ruled out"];
  }
  const respelled = news.credentials.map((pair) => ({ key: spellings.get(pair.key) ?? pair.key, value: pair.value }));
  return credentialFingerprint(salt, news.credentials) === fingerprint ||
    credentialFingerprint(salt, respelled) === fingerprint
    ? []
    : ["credentials changed (at least one value differs)"];
}

/**
 * What preview can tell of single-use values about to be sent again: a plain credential by its fingerprint, a
 * write-only one only by its unchanged reference (its value is read at up, where a repeated one stops the update).
 */
function singleUseWarnings(old: Record<string, unknown>, news: CheckedInputs): string[] {
  const salt = stringField(old, "fingerprintSalt");
  if (salt === undefined || containsUnknown(news.credentials)) {
    return [];
  }
  const repeated = alreadySentSingleUseKeys(salt, old.singleUseFingerprints, news.credentials).map(
    (key) =>
      `credentials.${key} is the single-use code already sent: Graph would refuse it, so up will stop before ` +
      `sending; supply a new code`,
  );
  const references = containsUnknown(news.writeOnlyCredentials) ? [] : (news.writeOnlyCredentials ?? []);
  const oldReferences = Array.isArray(old.writeOnlyCredentials) ? old.writeOnlyCredentials : [];
  const unchanged = references
    .filter((credential) => isSingleUseKey(credential.key))
    .filter((credential) =>
      oldReferences.some(
        (previous) =>
          isPropertyMap(previous) &&
          typeof previous.key === "string" &&
          isDeepStrictEqual({ ...previous, key: graphSpelling(previous.key) ?? previous.key }, credential),
      ),
    )
    .map(
      (credential) =>
        `writeOnlyCredentials.${credential.key} is single-use and its reference is unchanged: if it still holds ` +
        `the code already sent, up stops before sending; supply a new code`,
    );
  return [...repeated, ...unchanged];
}

function writeOnlyChanges(old: Record<string, unknown>, news: CheckedInputs, context: PlanContext): string[] {
  const reasons: string[] = [];
  if (containsUnknown(news.writeOnlyCredentials)) {
    reasons.push("write-only credential references may change (not known until apply)");
  } else {
    const oldReferences = referencesByKey(old.writeOnlyCredentials);
    if (oldReferences === undefined) {
      reasons.push(
        "the previous state's write-only credential references are unreadable, so a change cannot be ruled out",
      );
    } else {
      const newReferences = referencesByKey(news.writeOnlyCredentials ?? []) ?? new Map<string, string>();
      const keys = new Set([...oldReferences.keys(), ...newReferences.keys()]);
      const changed = [...keys].filter((key) => oldReferences.get(key) !== newReferences.get(key));
      if (changed.length > 0) {
        reasons.push(`write-only credential references changed (${describeKeys(changed)})`);
      }
    }
  }
  const oldVersion = stringField(old, "writeOnlyCredentialsVersion");
  const newVersion = news.writeOnlyCredentialsVersion;
  if (newVersion === UNKNOWN_VALUE) {
    reasons.push("writeOnlyCredentialsVersion may change (not known until apply)");
  } else if (oldVersion !== newVersion) {
    reasons.push(
      context.publicInputs?.has("writeOnlyCredentialsVersion")
        ? `writeOnlyCredentialsVersion changed from ${describeSetting(oldVersion)} to ${describeSetting(newVersion)}`
        : "writeOnlyCredentialsVersion changed (its values are not shown: it may be secret)",
    );
  }
  return reasons;
}

/**
 * Key → "kind:target" of stored or checked references; absent means none (state from before write-only
 * credentials). Undefined when the stored value is not a list of well-formed references.
 */
function referencesByKey(raw: unknown): Map<string, string> | undefined {
  if (raw === undefined || raw === null) {
    return new Map();
  }
  if (!Array.isArray(raw)) {
    return undefined;
  }
  const references = new Map<string, string>();
  for (const item of raw) {
    if (!isPropertyMap(item) || typeof item.key !== "string") {
      return undefined;
    }
    const { kind, target } = referenceTarget(item as WriteOnlyCredential);
    if (typeof target !== "string") {
      return undefined;
    }
    references.set(graphSpelling(item.key) ?? item.key, JSON.stringify([kind, target]));
  }
  return references;
}

function triggerChanges(old: Record<string, unknown>, news: CheckedInputs): string[] {
  if (containsUnknown(news.triggers)) {
    return ["triggers may change (not known until apply)"];
  }
  const oldTriggers = isPropertyMap(old.triggers) ? old.triggers : {};
  const newTriggers = news.triggers ?? {};
  const names = new Set([...Object.keys(oldTriggers), ...Object.keys(newTriggers)]);
  const changed = [...names].filter(
    (name) =>
      !Object.hasOwn(oldTriggers, name) || !Object.hasOwn(newTriggers, name) || oldTriggers[name] !== newTriggers[name],
  );
  return changed.length === 0 ? [] : [`triggers changed (${changed.map((name) => quote(name)).join(", ")})`];
}

function settingChanges(old: Record<string, unknown>, news: CheckedInputs, context: PlanContext): string[] {
  const reasons: string[] = [];
  const oldApiVersion = stringField(old, "apiVersion") ?? DEFAULT_API_VERSION;
  if (news.apiVersion === UNKNOWN_VALUE) {
    reasons.push("apiVersion may change (not known until apply)");
  } else if (news.apiVersion !== oldApiVersion) {
    reasons.push(`apiVersion changed from ${quote(oldApiVersion)} to ${quote(news.apiVersion)}`);
  }
  const oldCloud = stringField(old, "cloud");
  if (oldCloud !== undefined && oldCloud !== context.cloud) {
    reasons.push(`the cloud changed from ${quote(oldCloud)} to ${quote(context.cloud)}`);
  }
  const oldEndpoint = stringField(old, "graphEndpoint");
  if (oldEndpoint !== undefined && !sameGraphEndpoint(oldEndpoint, context.graphEndpoint)) {
    reasons.push(`the Graph endpoint changed from ${quote(oldEndpoint)} to ${quote(context.graphEndpoint)}`);
  }
  return reasons;
}

/** An authorization whose answer was lost is not known to exist: authorize again (a single-use code only anew). */
function unconfirmedAuthorization(old: Record<string, unknown>): string[] {
  const sentAt = stringField(old, "unconfirmedAuthorizationAt");
  return sentAt === undefined
    ? []
    : [`the authorization sent at ${sentAt} may not have been applied (its answer was lost)`];
}

function reauthorizationDue(old: Record<string, unknown>, news: CheckedInputs, now: Date): string[] {
  const period = news.reauthorizeAfter;
  const periodMs = period === undefined ? undefined : parseDuration(period);
  if (period === undefined || periodMs === undefined) {
    return [];
  }
  const lastAuthorizedAt = stringField(old, "lastAuthorizedAt");
  const lastMs = lastAuthorizedAt === undefined ? Number.NaN : Date.parse(lastAuthorizedAt);
  if (Number.isNaN(lastMs)) {
    return [`reauthorizeAfter is ${quote(period)} but the previous state holds no valid lastAuthorizedAt`];
  }
  const ageMs = now.getTime() - lastMs;
  if (!(ageMs >= periodMs)) {
    return [];
  }
  const age = formatDuration(ageMs, { maxUnits: AGE_UNITS_SHOWN });
  return [
    `last authorized ${new Date(lastMs).toISOString()}, ${age} ago, older than reauthorizeAfter ${quote(period)}`,
  ];
}

function reauthorizeAfterChanges(old: Record<string, unknown>, news: CheckedInputs): string[] {
  const oldPeriod = stringField(old, "reauthorizeAfter");
  const newPeriod = news.reauthorizeAfter;
  if (newPeriod === UNKNOWN_VALUE) {
    return ["reauthorizeAfter may change (not known until apply)"];
  }
  if (oldPeriod === newPeriod) {
    return [];
  }
  return [
    `reauthorizeAfter changed from ${describeSetting(oldPeriod)} to ${describeSetting(newPeriod)} (no new authorization)`,
  ];
}

/** A changed job or strictness is recorded without authorizing again; the next test uses it. */
function testConnectionChanges(old: Record<string, unknown>, news: CheckedInputs): string[] {
  const oldSetting = isPropertyMap(old.testConnection) ? old.testConnection : undefined;
  const newSetting = news.testConnection;
  if (newSetting?.jobId === UNKNOWN_VALUE) {
    return ["testConnection may change (not known until apply)"];
  }
  const same =
    oldSetting?.jobId === newSetting?.jobId &&
    (oldSetting?.failUpOnFailure ?? false) === (newSetting?.failUpOnFailure ?? false);
  return same ? [] : ["testConnection changed (no new authorization)"];
}

function describeSetChange(added: string[], removed: string[]): string {
  return [
    ...(added.length > 0 ? [`added ${describeKeys(added)}`] : []),
    ...(removed.length > 0 ? [`removed ${describeKeys(removed)}`] : []),
  ].join("; ");
}

/** Known key names quoted; any other key only counted, as check does (it may be a secret typed as a key). */
function describeKeys(keys: string[]): string {
  const shown = keys.flatMap((key) => shownKey(key) ?? []);
  const hidden = keys.length - shown.length;
  return [
    ...shown,
    ...(hidden > 0 ? [`${hidden} ${hidden === 1 ? "key" : "keys"} not shown because credentials are secret`] : []),
  ].join(", ");
}

/** A setting's value for a reason: quoted, or "unset". */
function describeSetting(period: string | undefined): string {
  return period === undefined ? "unset" : quote(period);
}

function stringField(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  return typeof value === "string" ? value : undefined;
}
