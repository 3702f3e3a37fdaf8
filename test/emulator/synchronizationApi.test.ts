import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import axios, { type AxiosResponse } from "axios";
import { CREDENTIALS_NOT_ACCEPTED, startEmulator, type Emulator } from "./index";
import { credentialsBody, getGraph, postAcquireAccessToken } from "./graphCalls";
import { addServicePrincipal, graphToken } from "./testClients";

const JOB_ID = /^scim\.[0-9a-f]{32}\.[0-9a-f]{32}$/;

describe("emulator: synchronization jobs, templates and validateCredentials", () => {
  let emu: Emulator;
  let demoToken: string;
  let admin: string;

  before(async () => {
    emu = await startEmulator();
    demoToken = await graphToken(emu, emu.fixture.demo);
    admin = `${emu.endpoints("global").graphRoot}/_emulator`;
  });
  after(() => emu.stop());
  beforeEach(() => {
    emu.faults.clear();
    emu.clearLog();
  });

  const owned = (): string => `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`;
  const ownedJob = (): string => emu.fixture.ownedServicePrincipalJob.id;

  /** A new owned service principal with one job, so tests do not share authorizations or revocations. */
  function ownedObjectWithJob(): { objectId: string; jobId: string } {
    const objectId = addServicePrincipal(emu, [emu.fixture.demo.objectId]);
    return { objectId, jobId: emu.synchronization.addJob(objectId).id };
  }

  const validate = (
    objectId: string,
    jobId: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<AxiosResponse> =>
    axios.post(
      `${emu.endpoints("global").graphRoot}/v1.0/servicePrincipals/${objectId}/synchronization/jobs/${jobId}/validateCredentials`,
      body,
      { headers: { authorization: `Bearer ${demoToken}`, ...headers }, validateStatus: () => true },
    );

  const authorize = (objectId: string, pairs: Record<string, string>): Promise<AxiosResponse> =>
    postAcquireAccessToken(
      emu.endpoints("global").graphRoot,
      demoToken,
      `servicePrincipals/${objectId}`,
      credentialsBody(pairs),
    );

  function assertNotAccepted(response: AxiosResponse, detail: RegExp): void {
    assert.equal(response.status, CREDENTIALS_NOT_ACCEPTED.status);
    assert.equal(response.data.error.code, CREDENTIALS_NOT_ACCEPTED.code);
    assert.ok(response.data.error.message.startsWith(CREDENTIALS_NOT_ACCEPTED.message));
    assert.match(response.data.error.message, detail);
    assert.equal(response.data.error.innerError["request-id"], response.headers["request-id"]);
  }

  describe("reads", () => {
    it("lists an object's jobs in Graph's synchronizationJob shape", async () => {
      const response = await getGraph(
        emu.endpoints("global").graphRoot,
        demoToken,
        `/v1.0/${owned()}/synchronization/jobs`,
      );
      assert.equal(response.status, 200);
      assert.match(
        response.data["@odata.context"],
        /\/v1\.0\/\$metadata#servicePrincipals\('.+'\)\/synchronization\/jobs$/,
      );
      assert.equal(response.data.value.length, 1);
      const [job] = response.data.value;
      assert.equal(job.id, ownedJob());
      assert.match(job.id, JOB_ID);
      assert.equal(job.templateId, "scim");
      assert.equal(job.schedule.state, "Disabled");
      assert.equal(job.status.code, "Paused");
      assert.deepEqual(job.synchronizationJobSettings, []);
      const none = await getGraph(
        emu.endpoints("global").graphRoot,
        demoToken,
        `/beta/applications/${emu.fixture.ownedApplication.objectId}/synchronization/jobs/`,
      );
      assert.deepEqual(none.data.value, []);
      assert.equal(emu.count({ route: "listSynchronizationJobs", status: 200 }), 2);
    });

    it("gets one job, and answers 404 in Graph's error shape for a job the object lacks", async () => {
      const { graphRoot } = emu.endpoints("global");
      const got = await getGraph(graphRoot, demoToken, `/v1.0/${owned()}/synchronization/jobs/${ownedJob()}/`);
      assert.equal(got.status, 200);
      assert.equal(got.data.id, ownedJob());
      const otherJob = emu.fixture.foreignServicePrincipalJob.id;
      const missing = await getGraph(graphRoot, demoToken, `/v1.0/${owned()}/synchronization/jobs/${otherJob}`);
      assert.equal(missing.status, 404);
      assert.equal(missing.data.error.code, "Request_ResourceNotFound");
      assert.match(
        missing.data.error.message,
        new RegExp(`^Resource '${otherJob.replace(/\./g, "\\.")}' does not exist`),
      );
      assert.equal(missing.data.error.innerError["request-id"], missing.headers["request-id"]);
      assert.equal(emu.count({ route: "getSynchronizationJob", jobId: ownedJob() }), 1);
      assert.equal(emu.count({ route: "getSynchronizationJob", jobId: otherJob, status: 404 }), 1);
    });

    it("lists templates: the custom SCIM one, plus those the jobs use", async () => {
      const { objectId } = ownedObjectWithJob();
      emu.synchronization.addJob(objectId, { templateId: "slack" });
      const response = await getGraph(
        emu.endpoints("global").graphRoot,
        demoToken,
        `/v1.0/servicePrincipals/${objectId}/synchronization/templates`,
      );
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.data.value.map((template: { id: string; factoryTag: string }) => [template.id, template.factoryTag]),
        [
          ["scim", "CustomSCIM"],
          ["slack", "slack"],
        ],
      );
      assert.equal(emu.synchronization.jobs(objectId).length, 2);
    });
  });

  describe("validateCredentials", () => {
    it("tests the saved credentials: none before authorizing, accepted after, refused once revoked, accepted again after re-authorizing", async () => {
      const { objectId, jobId } = ownedObjectWithJob();
      const saved = { useSavedCredentials: true };
      assertNotAccepted(await validate(objectId, jobId, saved), /no credentials are saved/);
      assert.equal(
        (await authorize(objectId, { BaseAddress: "https://scim.example.test", SecretToken: "t1" })).status,
        204,
      );
      const accepted = await validate(objectId, jobId, saved);
      assert.equal(accepted.status, 204);
      assert.equal(accepted.data, "");
      assert.equal((await axios.post(`${admin}/synchronization/revoke`, { objectId })).data.revoked, true);
      assertNotAccepted(await validate(objectId, jobId, saved), /no longer accepts the saved credentials/);
      assert.equal((await axios.post(`${admin}/synchronization/revoke`, { objectId })).data.revoked, false);
      assert.equal(
        (await authorize(objectId, { BaseAddress: "https://scim.example.test", SecretToken: "t2" })).status,
        204,
      );
      assert.equal((await validate(objectId, jobId, saved)).status, 204);
      assert.deepEqual(
        emu.log.filter((entry) => entry.route === "validateCredentials").map((entry) => entry.status),
        [400, 204, 400, 204],
      );
      assert.equal(emu.count({ route: "validateCredentials", targetId: objectId, jobId }), 4);
      assert.equal(emu.synchronization.authorizations(objectId), 2);
    });

    it("ignores credentials when useSavedCredentials is true, as the page says", async () => {
      const { objectId, jobId } = ownedObjectWithJob();
      await authorize(objectId, { SecretToken: "saved" });
      emu.synchronization.revoke(objectId);
      assertNotAccepted(
        await validate(objectId, jobId, {
          useSavedCredentials: true,
          credentials: credentialsBody({ SecretToken: "new" }).credentials,
        }),
        /saved credentials/,
      );
    });

    it("tests explicit credentials, with or without @odata.type, templateId and applicationIdentifier", async () => {
      const { objectId, jobId } = ownedObjectWithJob();
      const untyped = { credentials: [{ key: "SecretToken", value: "explicit" }] };
      assert.equal((await validate(objectId, jobId, untyped)).status, 204);
      const typed = {
        ...credentialsBody({ BaseAddress: "https://scim.example.test", SecretToken: "explicit" }),
        templateId: "scim",
        applicationIdentifier: emu.fixture.ownedServicePrincipal.appId,
      };
      assert.equal((await validate(objectId, jobId, typed)).status, 204);
    });

    it("refuses explicit credentials the target revoked, and accepts others", async () => {
      const { objectId, jobId } = ownedObjectWithJob();
      const pairs = { BaseAddress: "https://scim.example.test", SecretToken: "revoked-one" };
      await authorize(objectId, pairs);
      emu.synchronization.revoke(objectId);
      // The pair order does not matter, only which values go with which keys.
      const reordered = { credentials: [...credentialsBody(pairs).credentials].reverse() };
      assertNotAccepted(await validate(objectId, jobId, reordered), /no longer accepts these credentials/);
      assert.equal((await validate(objectId, jobId, credentialsBody({ ...pairs, SecretToken: "fresh" }))).status, 204);
    });

    it("answers 404 for a job the object does not have, before looking at the body", async () => {
      const response = await validate(
        emu.fixture.ownedServicePrincipal.objectId,
        `scim.${"0".repeat(32)}.${"1".repeat(32)}`,
        "{",
      );
      assert.equal(response.status, 404);
      assert.equal(response.data.error.code, "Request_ResourceNotFound");
    });

    const invalid: [string, unknown, RegExp][] = [
      ["an empty body", undefined, /Request body is empty/],
      ["a JSON array", [], /must be a JSON object/],
      ["neither saved nor explicit credentials", {}, /'credentials' is required/],
      [
        "useSavedCredentials that is not a boolean",
        { useSavedCredentials: "true" },
        /'useSavedCredentials' must be a boolean/,
      ],
      ["a numeric templateId", { useSavedCredentials: true, templateId: 3 }, /'templateId' must be a string/],
      ["an unknown parameter", { useSavedCredentials: true, secrets: [] }, /Property 'secrets' does not exist/],
      [
        "a pair without a value",
        { credentials: [{ key: "SecretToken" }] },
        /credentials\[0\]: 'value' must be a string/,
      ],
      [
        "a wrong @odata.type",
        { credentials: [{ "@odata.type": "microsoft.graph.keyValue", key: "a", value: "b" }] },
        /'@odata.type' must be/,
      ],
    ];
    for (const [description, body, message] of invalid) {
      it(`answers 400 BadRequest for ${description}`, async () => {
        const response = await validate(emu.fixture.ownedServicePrincipal.objectId, ownedJob(), body, {
          "content-type": "application/json",
        });
        assert.equal(response.status, 400);
        assert.equal(response.data.error.code, "BadRequest");
        assert.match(response.data.error.message, message);
      });
    }

    it("never logs a credential value, only the keys", async () => {
      const { objectId, jobId } = ownedObjectWithJob();
      const canary = `canary-${randomUUID()}`;
      await validate(objectId, jobId, credentialsBody({ SecretToken: canary }));
      await validate(objectId, jobId, { credentials: canary });
      await validate(objectId, jobId, Buffer.from(`SecretToken=${canary}`), { "content-type": "application/json" });
      const logged = emu.log.filter((entry) => entry.route === "validateCredentials");
      assert.equal(logged.length, 3);
      assert.ok(!JSON.stringify(logged).includes(canary), "a credential value in the request log");
      assert.deepEqual(logged[0].body, {
        credentials: [
          {
            "@odata.type": "microsoft.graph.synchronizationSecretKeyStringValuePair",
            key: "SecretToken",
            value: "<redacted>",
          },
        ],
      });
      assert.deepEqual(logged[1].body, { credentials: "<redacted>" });
      assert.equal(logged[2].body, "<redacted>");
    });

    it("can be answered 200 or 202 instead of 204 by a fault", async () => {
      const { objectId, jobId } = ownedObjectWithJob();
      await authorize(objectId, { SecretToken: "t" });
      emu.faults.add({ route: "validateCredentials", times: 1, action: { successStatus: 202 } });
      assert.equal((await validate(objectId, jobId, { useSavedCredentials: true })).status, 202);
      assert.equal(emu.count({ route: "validateCredentials", status: 202, appliedStatus: 204 }), 1);
    });
  });

  describe("admin API", () => {
    it("creates jobs, shows an object's synchronization state and refuses what it cannot do", async () => {
      const { objectId } = ownedObjectWithJob();
      const created = await axios.post(`${admin}/synchronization/jobs`, { objectId });
      assert.equal(created.status, 201);
      assert.match(created.data.id, JOB_ID);
      const named = `scim.${"a".repeat(32)}.${"b".repeat(32)}`;
      assert.equal((await axios.post(`${admin}/synchronization/jobs`, { objectId, id: named })).data.id, named);
      await authorize(objectId, { Oauth2AuthorizationCode: `code-${randomUUID()}` });
      const state = await axios.get(`${admin}/synchronization?objectId=${objectId}`);
      assert.equal(state.data.jobs.length, 3);
      assert.equal(state.data.authorizations, 1);
      assert.equal(state.data.redeemedCodes, 1);
      assert.equal(state.data.savedCredentials, "accepted");
      const refusals = [{ objectId, id: "not-a-job-id" }, { objectId, id: named }, { objectId: randomUUID() }, {}];
      for (const body of refusals) {
        const response = await axios.post(`${admin}/synchronization/jobs`, body, { validateStatus: () => true });
        assert.equal(response.status, 400, JSON.stringify(body));
      }
      const revoke = await axios.post(`${admin}/synchronization/revoke`, "{}", {
        headers: { "content-type": "application/json" },
        validateStatus: () => true,
      });
      assert.equal(revoke.status, 400);
    });
  });
});
