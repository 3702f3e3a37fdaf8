import * as assert from "node:assert/strict";
import { cloudEndpoints } from "../../../provider/config/clouds";
import { ConfigError } from "../../../provider/config/configError";
import type { EndpointSettings } from "../../../provider/config/providerSettings";
import { refuseRefreshElsewhere } from "../../../provider/resources/synchronizationAuthorization/refreshGuard";

const target = { kind: "servicePrincipals" as const, objectId: "5b000000-0000-4000-8000-000000000101" };

function endpoints(cloud: "global" | "china", graphEndpoint?: string): EndpointSettings {
  return { ...cloudEndpoints(cloud, { graphEndpoint }), source: "syncauth:cloud" };
}

describe("refuseRefreshElsewhere", () => {
  it("lets a refresh through the endpoint that authorized proceed, whatever the case or trailing slash", () => {
    const props = { graphEndpoint: "HTTPS://graph.microsoft.com/", cloud: "global" };
    assert.doesNotThrow(() => refuseRefreshElsewhere(target, props, endpoints("global")));
  });

  it("lets state written before graphEndpoint was recorded proceed", () => {
    assert.doesNotThrow(() => refuseRefreshElsewhere(target, {}, endpoints("china")));
  });

  it("refuses another cloud, naming both endpoints and the way out", () => {
    const props = { graphEndpoint: "https://graph.microsoft.com", cloud: "global" };
    assert.throws(
      () => refuseRefreshElsewhere(target, props, endpoints("china")),
      (error: Error) =>
        error.message.includes(`servicePrincipals/${target.objectId}`) &&
        error.message.includes("https://graph.microsoft.com (cloud global)") &&
        error.message.includes("https://microsoftgraph.chinacloudapi.cn (cloud china)") &&
        error.message.includes("pulumi up"),
    );
  });

  it("says so in the project's error style, naming the setting, and tells up --refresh --run-program to drop both", () => {
    const props = { graphEndpoint: "https://graph.microsoft.com", cloud: "global" };
    assert.throws(
      () => refuseRefreshElsewhere(target, props, endpoints("china")),
      (error: Error) =>
        error instanceof ConfigError &&
        error.source === "syncauth:cloud" &&
        // Only a refresh that runs the program reaches the guard: a plain refresh (also `up --refresh`) uses the
        // configuration of the last deployment, which finds the object where it was authorized.
        /`pulumi up --refresh --run-program`.*run `pulumi up` without `--refresh`/.test(error.message),
    );
  });

  it("refuses a custom endpoint of the same cloud, naming syncauth:graphEndpoint as the setting that moved", () => {
    const props = { graphEndpoint: "https://graph.microsoft.com", cloud: "global" };
    const atDefault = { ...endpoints("global", "https://127.0.0.1:8443"), source: "default" };
    assert.throws(
      () => refuseRefreshElsewhere(target, props, atDefault),
      (error: Error) => error instanceof ConfigError && error.source === "syncauth:graphEndpoint",
    );
    const back = { graphEndpoint: "https://127.0.0.1:8443", cloud: "global" };
    assert.throws(
      () => refuseRefreshElsewhere(target, back, { ...endpoints("global"), source: "default" }),
      (error: Error) => error instanceof ConfigError && error.source === "syncauth:graphEndpoint",
    );
  });

  it('names syncauth:cloud, not "default", when the cloud moved because its key was removed', () => {
    const props = { graphEndpoint: "https://microsoftgraph.chinacloudapi.cn", cloud: "china" };
    assert.throws(
      () => refuseRefreshElsewhere(target, props, { ...endpoints("global"), source: "default" }),
      (error: Error) => error instanceof ConfigError && error.source === "syncauth:cloud",
    );
  });
});
