import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { CLOUD_NAMES } from "../../../provider/config/clouds";
import type { CheckedInputs } from "../../../provider/resources/synchronizationAuthorization/authorizationState";
import { credentialFingerprint } from "../../../provider/resources/synchronizationAuthorization/credentialFingerprint";
import { parseDuration } from "../../../provider/core/duration";
import { INPUT_PROPERTIES } from "../../../provider/resources/synchronizationAuthorization/properties";
import { validateInputs } from "../../../provider/resources/synchronizationAuthorization/inputs/validateInputs";
import { planChange, type PlanContext } from "../../../provider/resources/synchronizationAuthorization/planChange";
import { SYNCHRONIZATION_SECRET_KEYS } from "../../../provider/graph/synchronizationSecretKeys";
import { UNKNOWN_VALUE, containsUnknown } from "../../../provider/core/unknownValue";
import type { CredentialPair } from "../../../provider/graph/credentialPair";
import {
  REFERENCE_KINDS,
  referenceProblem,
  referenceTarget,
  type WriteOnlyCredential,
} from "../../../provider/writeOnly/credentialReference";

/** Generated inputs per property; the task asks for at least 1000. */
const RUNS = 1_500;

/** High-entropy text placed in every generated credential value: it must never appear in any message. */
const CANARY = `CANARY${randomBytes(12).toString("hex")}`;

/** The resource's input properties, as validateInputs knows them. */
const KNOWN_PROPERTIES: readonly string[] = INPUT_PROPERTIES;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.string({ unit: loneSurrogate }),
  fc.integer({ min: 1_000, max: 100_000 }).map((length) => "é".repeat(length)),
);
const unknown = fc.constant(UNKNOWN_VALUE);
/** Anything but text containing the canary. */
const junk = fc.oneof(fc.anything(), fc.constant(null), fc.constant(undefined), fc.integer(), fc.boolean());

const secretText = fc
  .tuple(fc.string({ maxLength: 10 }), text)
  .map(([prefix, suffix]) => `${prefix}${CANARY}${suffix}`);
/** What may stand where a credential value goes: secret text, secrets of the wrong type, or the sentinel. */
const credentialValue = fc.oneof(
  { weight: 6, arbitrary: secretText },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: unknown },
  { weight: 1, arbitrary: fc.array(secretText, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), secretText, { maxKeys: 2 }) },
  { weight: 1, arbitrary: junk },
);

const knownKey = fc.constantFrom(...SYNCHRONIZATION_SECRET_KEYS);
const keyName = fc.oneof(
  { weight: 4, arbitrary: knownKey },
  { weight: 2, arbitrary: fc.constantFrom("SecretToken", "secrettoken", "SECRETTOKEN", "BaseAddress") },
  { weight: 1, arbitrary: knownKey.map((key) => key.toLowerCase()) },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.constant("") },
);
const credentialKey = fc.oneof(
  { weight: 8, arbitrary: keyName },
  { weight: 1, arbitrary: unknown },
  { weight: 1, arbitrary: junk },
);

const credentialItem = fc.oneof(
  { weight: 8, arbitrary: fc.record({ key: credentialKey, value: credentialValue }, { requiredKeys: [] }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        credentialKey,
        credentialValue,
        fc.dictionary(fc.constantFrom("vaule", "Key", "@odata.type", "secret"), secretText),
      )
      .map(([key, value, extra]) => ({ ...extra, key, value })),
  },
  { weight: 1, arbitrary: fc.oneof(secretText, unknown, junk) },
);

const credentials = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(keyName, credentialValue, { maxKeys: 6 }) },
  { weight: 4, arbitrary: fc.array(credentialItem, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.oneof(unknown, secretText, junk) },
);

/**
 * What may stand where a reference's target goes: well-formed targets, secret text (a user may paste the value
 * itself there, and it must never be echoed), the sentinel, or junk.
 */
const referenceTargetText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("SCIM_TOKEN", "_x1", "/run/secrets/scim", "https://v.vault.azure.net/secrets/a"),
  },
  { weight: 1, arbitrary: fc.constant(`https://v.vault.azure.net/secrets/a/${"0".repeat(32)}`) },
  { weight: 3, arbitrary: secretText },
  { weight: 1, arbitrary: secretText.map((secret) => `/run/${secret}`) },
  { weight: 1, arbitrary: secretText.map((secret) => `https://v.vault.azure.net/secrets/${secret}`) },
  { weight: 1, arbitrary: unknown },
  { weight: 1, arbitrary: junk },
);
const referenceKind = fc.constantFrom(...REFERENCE_KINDS);
/** A reference object: usually one kind, sometimes none, two, or misspelled fields. */
const referenceObject = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(referenceKind, referenceTargetText).map(([kind, target]) => ({ [kind]: target })) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom(...REFERENCE_KINDS, "fromENV", "value", "key", "fromVault"),
      referenceTargetText,
      { maxKeys: 3 },
    ),
  },
);
const referenceValue = fc.oneof(
  { weight: 8, arbitrary: referenceObject as fc.Arbitrary<unknown> },
  { weight: 1, arbitrary: fc.oneof(secretText, unknown) },
  { weight: 1, arbitrary: junk },
);
const writeOnlyItem = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(credentialKey, referenceObject).map(([key, reference]) => ({ ...reference, key }) as unknown),
  },
  { weight: 1, arbitrary: fc.oneof(secretText, unknown, junk) },
);
const writeOnlyCredentials = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(keyName, referenceValue, { maxKeys: 4 }) },
  { weight: 4, arbitrary: fc.array(writeOnlyItem, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.oneof(unknown, secretText, junk) },
);
const writeOnlyVersion = fc.oneof(fc.constantFrom("1", "2026-q3", ""), fc.integer(), fc.double(), unknown, text, junk);

const objectId = fc.oneof(
  { weight: 4, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.uuid().map((id) => id.toUpperCase()) },
  { weight: 1, arbitrary: unknown },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: junk },
);

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

/** Raw inputs as the engine may hand them to check; extra property names never collide with known ones. */
const rawInputs = fc
  .record(
    {
      servicePrincipalId: optional(objectId),
      applicationId: optional(objectId),
      credentials: optional(credentials),
      apiVersion: optional(fc.oneof(fc.constantFrom("v1.0", "beta", "v2", "V1.0"), unknown, text, junk)),
      triggers: optional(
        fc.oneof(fc.dictionary(text, fc.oneof(text, unknown, junk), { maxKeys: 4 }), unknown, fc.array(text), junk),
      ),
      reauthorizeAfter: optional(
        fc.oneof(fc.constantFrom("30d", "720h", "1h30m", "-1h", "0s", "1y", ""), unknown, text, junk),
      ),
      writeOnlyCredentials: optional(writeOnlyCredentials),
      writeOnlyCredentialsVersion: optional(writeOnlyVersion),
      extra: fc.dictionary(
        text.filter((name) => !KNOWN_PROPERTIES.includes(name) && name !== "target"),
        fc.oneof(secretText, junk),
        { maxKeys: 2 },
      ),
    },
    { requiredKeys: [] },
  )
  .map(({ extra, ...known }) => ({ ...extra, ...known }) as Record<string, unknown>);

const goodKey = fc.oneof(knownKey, fc.constantFrom("secrettoken", "SECRETTOKEN"), fc.string({ minLength: 1 }));
const goodValue = fc.oneof({ weight: 9, arbitrary: secretText }, { weight: 1, arbitrary: unknown });
const goodReference = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("SCIM_TOKEN", "OTHER_TOKEN").map((name) => ({ fromEnv: name })) },
  { weight: 3, arbitrary: fc.constantFrom("/run/secrets/a", "/etc/b").map((file) => ({ fromFile: file })) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom("https://v.vault.azure.net/secrets/a", `https://v.vault.azure.cn/secrets/b/${"ab".repeat(16)}`)
      .map((url) => ({ fromKeyVault: url })),
  },
  { weight: 1, arbitrary: fc.tuple(referenceKind, unknown).map(([kind, target]) => ({ [kind]: target })) },
);

/** Inputs a user would write: valid, so that normalization is exercised as much as refusal. */
const plausibleInputs = fc
  .record({
    idProperty: fc.constantFrom("servicePrincipalId", "applicationId"),
    id: fc.oneof(
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      unknown,
    ),
    credentials: fc.oneof(
      fc.dictionary(goodKey, goodValue, { minKeys: 1, maxKeys: 6 }),
      fc.uniqueArray(fc.record({ key: goodKey, value: goodValue }), {
        minLength: 1,
        maxLength: 6,
        selector: (pair) => pair.key,
      }),
      unknown,
    ),
    writeOnlyCredentials: optional(
      fc.oneof(
        fc.dictionary(goodKey, goodReference, { minKeys: 1, maxKeys: 4 }),
        fc
          .uniqueArray(fc.record({ key: goodKey, reference: goodReference }), {
            minLength: 1,
            maxLength: 4,
            selector: (item) => item.key,
          })
          .map((items) => items.map(({ key, reference }) => ({ key, ...reference }))),
        unknown,
      ),
    ),
    writeOnlyCredentialsVersion: optional(fc.oneof(fc.constantFrom("1", "42", UNKNOWN_VALUE), fc.nat())),
    dropCredentials: fc.boolean(),
    apiVersion: optional(fc.constantFrom("v1.0", "beta", UNKNOWN_VALUE)),
    triggers: optional(fc.oneof(fc.dictionary(text, fc.oneof(text, unknown), { maxKeys: 4 }), unknown)),
    reauthorizeAfter: optional(fc.constantFrom("30d", "720h", "1h30m", "2w", "500ms", UNKNOWN_VALUE)),
  })
  .map(({ idProperty, id, dropCredentials, credentials, ...rest }) => {
    // With write-only credentials, `credentials` may be left out.
    const keepCredentials = !dropCredentials || rest.writeOnlyCredentials === undefined;
    return {
      [idProperty]: id,
      ...(keepCredentials && { credentials }),
      ...rest,
    } as Record<string, unknown>;
  });

const anyInputs = fc.oneof(
  { weight: 10, arbitrary: plausibleInputs as fc.Arbitrary<unknown> },
  { weight: 10, arbitrary: rawInputs },
  { weight: 1, arbitrary: junk },
);

function assertWellFormed(inputs: CheckedInputs): void {
  const ids = [inputs.servicePrincipalId, inputs.applicationId].filter((id) => id !== undefined);
  assert.equal(ids.length, 1, "exactly one id");
  const [id] = ids;
  assert.ok(id === UNKNOWN_VALUE || GUID.test(id), "a lower-case GUID or the sentinel");
  const kind = inputs.servicePrincipalId !== undefined ? "servicePrincipals" : "applications";
  assert.equal(inputs.target, id === UNKNOWN_VALUE ? UNKNOWN_VALUE : `${kind}/${id}`);
  const writeOnly = inputs.writeOnlyCredentials ?? [];
  assert.ok(inputs.credentials.length + writeOnly.length > 0, "at least one credential overall");
  assert.ok(inputs.writeOnlyCredentials === undefined || writeOnly.length > 0, "absent rather than empty");
  const knownKeys = [...inputs.credentials, ...writeOnly]
    .map((pair) => pair.key)
    .filter((key) => key !== UNKNOWN_VALUE);
  assert.equal(new Set(knownKeys).size, knownKeys.length, "unique keys, across both collections");
  for (const pair of inputs.credentials) {
    assert.deepEqual(Object.keys(pair), ["key", "value"]);
    assert.ok(typeof pair.key === "string" && pair.key.length > 0);
    assert.ok(typeof pair.value === "string" && pair.value.length > 0);
  }
  for (const credential of writeOnly) {
    const { kind, target } = referenceTarget(credential);
    assert.deepEqual(Object.keys(credential), ["key", kind], "a key and exactly one reference");
    assert.ok(typeof credential.key === "string" && credential.key.length > 0);
    assert.ok(target === UNKNOWN_VALUE || referenceProblem(kind, target) === undefined, "a well-formed reference");
  }
  const version = inputs.writeOnlyCredentialsVersion;
  assert.ok(version === undefined || (typeof version === "string" && version.length > 0));
  assert.ok(["v1.0", "beta", UNKNOWN_VALUE].includes(inputs.apiVersion));
  for (const value of Object.values(inputs.triggers ?? {})) {
    assert.equal(typeof value, "string");
  }
  const period = inputs.reauthorizeAfter;
  assert.ok(period === undefined || period === UNKNOWN_VALUE || parseDuration(period) !== undefined);
}

function assertNamesAProperty(property: string, news: Record<string, unknown>): void {
  const root = property.split(/[.[]/)[0];
  const named =
    property === "inputs" ||
    KNOWN_PROPERTIES.includes(root) ||
    Object.keys(news).some((name) => property === name || (name.length > 80 && property.startsWith(name.slice(0, 80))));
  assert.ok(named, `failure names a property: ${JSON.stringify(property.slice(0, 100))}`);
}

// Checked inputs built directly, all valid: the news side of planChange.
const uniqueCredentials = fc.uniqueArray(
  fc.record({ key: fc.oneof(knownKey, fc.string({ minLength: 1 })), value: fc.oneof(secretText, unknown) }),
  {
    minLength: 1,
    maxLength: 6,
    selector: (pair) => pair.key,
  },
);

/** Write-only credentials as checked: unique keys prefixed so that they never collide with `uniqueCredentials`. */
const uniqueReferences: fc.Arbitrary<WriteOnlyCredential[]> = fc
  .uniqueArray(
    fc.record({
      key: fc.string({ minLength: 1 }).map((key) => `wo:${key}`),
      kind: referenceKind,
      target: fc.oneof({ weight: 9, arbitrary: secretText }, { weight: 1, arbitrary: unknown }),
    }),
    { minLength: 1, maxLength: 4, selector: (item) => item.key },
  )
  .map((items) => items.map(({ key, kind, target }) => ({ key, [kind]: target }) as WriteOnlyCredential));

const checkedInputs: fc.Arbitrary<CheckedInputs> = fc
  .record({
    id: fc.oneof({ weight: 9, arbitrary: fc.uuid() }, { weight: 1, arbitrary: unknown }),
    onApplication: fc.boolean(),
    credentials: fc.oneof(
      { weight: 9, arbitrary: uniqueCredentials },
      { weight: 1, arbitrary: fc.constant<CredentialPair[]>([{ key: UNKNOWN_VALUE, value: UNKNOWN_VALUE }]) },
    ),
    apiVersion: fc.constantFrom("v1.0" as const, "beta" as const, UNKNOWN_VALUE),
    triggers: optional(fc.dictionary(fc.string(), fc.oneof(fc.string(), unknown), { maxKeys: 3 })),
    reauthorizeAfter: optional(fc.constantFrom("1ms", "1h", "30d", "2w", UNKNOWN_VALUE)),
    writeOnlyCredentials: optional(
      fc.oneof(
        { weight: 9, arbitrary: uniqueReferences },
        {
          weight: 1,
          arbitrary: fc.constant<WriteOnlyCredential[]>([{ key: UNKNOWN_VALUE, fromEnv: UNKNOWN_VALUE }]),
        },
      ),
    ),
    writeOnlyCredentialsVersion: optional(fc.oneof(fc.string({ minLength: 1 }), unknown)),
  })
  .map(
    ({
      id,
      onApplication,
      triggers,
      reauthorizeAfter,
      writeOnlyCredentials,
      writeOnlyCredentialsVersion,
      ...rest
    }) => ({
      target: id === UNKNOWN_VALUE ? id : `${onApplication ? "applications" : "servicePrincipals"}/${id}`,
      ...(onApplication ? { applicationId: id } : { servicePrincipalId: id }),
      ...rest,
      ...(triggers !== undefined && { triggers }),
      ...(reauthorizeAfter !== undefined && { reauthorizeAfter }),
      ...(writeOnlyCredentials !== undefined && { writeOnlyCredentials }),
      ...(writeOnlyCredentialsVersion !== undefined && { writeOnlyCredentialsVersion }),
    }),
  );

const context: fc.Arbitrary<PlanContext> = fc.record({
  cloud: fc.constantFrom(...CLOUD_NAMES),
  graphEndpoint: fc.oneof(fc.constantFrom("https://graph.microsoft.com", "https://127.0.0.1:9443/"), text),
  now: fc.date(),
});

/** The outputs an authorization with these inputs leaves (credential values only as a fingerprint). */
function outputsOf(inputs: CheckedInputs, salt: string, ctx: PlanContext, at: string): Record<string, unknown> {
  return {
    target: inputs.target,
    servicePrincipalId: inputs.servicePrincipalId,
    applicationId: inputs.applicationId,
    apiVersion: inputs.apiVersion,
    cloud: ctx.cloud,
    graphEndpoint: ctx.graphEndpoint,
    credentialKeys: [
      ...inputs.credentials.map((pair: CredentialPair) => pair.key),
      ...(inputs.writeOnlyCredentials ?? []).map((credential) => credential.key),
    ].sort(),
    credentialFingerprint: credentialFingerprint(salt, inputs.credentials),
    fingerprintSalt: salt,
    writeOnlyCredentials: inputs.writeOnlyCredentials,
    writeOnlyCredentialsVersion: inputs.writeOnlyCredentialsVersion,
    triggers: inputs.triggers,
    reauthorizeAfter: inputs.reauthorizeAfter,
    lastAuthorizedAt: at,
  };
}

/** Old outputs: from some valid inputs, then with fields dropped or corrupted, or plain junk. */
const olds: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        inputs: checkedInputs,
        salt: fc.base64String({ minLength: 4, maxLength: 24 }),
        ctx: context,
        at: fc.oneof(
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          text,
        ),
        dropped: fc.subarray([
          "target",
          "servicePrincipalId",
          "credentialKeys",
          "credentialFingerprint",
          "apiVersion",
          "cloud",
          "lastAuthorizedAt",
          "writeOnlyCredentials",
          "writeOnlyCredentialsVersion",
        ]),
        corrupted: fc.dictionary(
          fc.constantFrom(
            "target",
            "credentialKeys",
            "fingerprintSalt",
            "triggers",
            "graphEndpoint",
            "reauthorizeAfter",
            "lastAuthorizedAt",
            "writeOnlyCredentials",
            "writeOnlyCredentialsVersion",
          ),
          junk,
          { maxKeys: 2 },
        ),
      })
      .map(({ inputs, salt, ctx, at, dropped, corrupted }) => {
        const outputs = outputsOf(inputs, salt, ctx, at);
        for (const name of dropped) {
          delete outputs[name];
        }
        return { ...outputs, ...corrupted };
      }),
  },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), junk) },
  { weight: 1, arbitrary: junk as fc.Arbitrary<Record<string, unknown>> },
);

describe("lifecycle fuzz", function () {
  this.timeout(600_000);

  it("validateInputs never throws, never shows a credential value, and either names failures or gives valid, stable inputs", () => {
    let cases = 0;
    let accepted = 0;
    let acceptedWriteOnly = 0;
    fc.assert(
      fc.property(anyInputs, (news) => {
        cases += 1;
        const result = validateInputs(news as Record<string, unknown>);
        const shown = JSON.stringify([result.failures, result.warnings]);
        assert.equal(shown.includes(CANARY), false, "a credential value was shown");
        for (const message of [...result.failures.map((failure) => failure.reason), ...result.warnings]) {
          assert.ok(message.length > 0 && message.length < 2_000, "messages are short");
        }
        if (result.failures.length > 0) {
          assert.equal(result.inputs, undefined);
          for (const failure of result.failures) {
            assertNamesAProperty(failure.property, news as Record<string, unknown>);
          }
          return;
        }
        accepted += 1;
        assert.ok(result.inputs, "inputs when there is no failure");
        assertWellFormed(result.inputs);
        if (result.inputs.writeOnlyCredentials !== undefined) acceptedWriteOnly += 1;
        const again = validateInputs({ ...result.inputs });
        assert.deepEqual(again.failures, []);
        assert.deepEqual(again.inputs, result.inputs);
      }),
      { numRuns: RUNS },
    );
    console.log(
      `      validateInputs: ${cases} generated inputs, ${accepted} accepted, ${acceptedWriteOnly} with write-only credentials`,
    );
    assert.ok(acceptedWriteOnly > 0, "write-only credentials were accepted too");
    assert.ok(cases >= 1_000);
    assert.ok(accepted > 0 && accepted < cases, "both outcomes were exercised");
  });

  it("planChange never throws, never shows a credential value, and answers consistently", () => {
    let cases = 0;
    fc.assert(
      fc.property(olds, checkedInputs, context, (old, news, ctx) => {
        cases += 1;
        const plan = planChange(old, news, ctx);
        assert.equal(JSON.stringify(plan).includes(CANARY), false, "a credential value was shown");
        assert.equal(plan.changes, plan.reasons.length > 0, "a change always has a reason");
        assert.ok(!plan.authorize || plan.changes, "authorizing is a change");
        assert.ok(plan.replaces.length === 0 || plan.authorize, "a replacement authorizes");
        assert.ok(plan.replaces.every((name) => name === "servicePrincipalId" || name === "applicationId"));
      }),
      { numRuns: RUNS },
    );
    console.log(`      planChange: ${cases} generated cases`);
    assert.ok(cases >= 1_000);
  });

  it("planChange sees no change against the outputs of the same known inputs, and a change of any credential value, reference or version", () => {
    let cases = 0;
    fc.assert(
      fc.property(
        checkedInputs.filter((inputs) => !containsUnknown(inputs)),
        context.filter((ctx) => !Number.isNaN(ctx.now.getTime())),
        fc.nat(),
        (news, ctx, pick) => {
          cases += 1;
          const old = outputsOf(news, "c2FsdA", ctx, ctx.now.toISOString());
          assert.deepEqual(planChange(old, news, ctx), { changes: false, authorize: false, replaces: [], reasons: [] });
          const index = pick % news.credentials.length;
          const changed = news.credentials.map((pair, i) =>
            i === index ? { ...pair, value: `${pair.value}x` } : pair,
          );
          const plan = planChange(old, { ...news, credentials: changed }, ctx);
          assert.equal(plan.authorize, true);
          assert.equal(JSON.stringify(plan).includes(CANARY), false);
          const references = news.writeOnlyCredentials ?? [];
          if (references.length > 0) {
            const retargeted = references.map((credential, i) => {
              if (i !== pick % references.length) return credential;
              const { kind, target } = referenceTarget(credential);
              return { key: credential.key, [kind]: `${target}x` } as WriteOnlyCredential;
            });
            const moved = planChange(old, { ...news, writeOnlyCredentials: retargeted }, ctx);
            assert.equal(moved.authorize, true, "a changed reference authorizes");
            assert.equal(JSON.stringify(moved).includes(CANARY), false, "a reference is never shown in a reason");
          }
          const bumped = planChange(
            old,
            { ...news, writeOnlyCredentialsVersion: `${news.writeOnlyCredentialsVersion ?? ""}+1` },
            ctx,
          );
          assert.equal(bumped.authorize, true, "a new version authorizes");
        },
      ),
      { numRuns: RUNS },
    );
    console.log(`      planChange round trip: ${cases} generated cases`);
    assert.ok(cases >= 1_000);
  });
});
