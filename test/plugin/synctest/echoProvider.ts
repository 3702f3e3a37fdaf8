import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CheckFailure, ProviderHandlers } from "../../../provider/plugin/providerHandlers";
import {
  containsUnknowns,
  isUnknown,
  PropertyMap,
  PropertyValue,
  reveal,
  secret,
  unknown,
} from "../../../provider/plugin/propertyValue";
import { SYNCTEST_SCHEMA } from "./schema";

/** Longest message `check` accepts: a rule to break on purpose. */
export const MAX_MESSAGE_LENGTH = 40;

export interface EchoSettings {
  /** The provider's "cloud": one `<id>.json` file per resource, holding its message. */
  storeDir: string;
  /** One JSON line per call (`{"method":"create","preview":true}`), never a value. */
  callLog?: string;
}

/**
 * The handlers of the test-only `synctest` provider. Every call is recorded so tests can count them; create and
 * update in preview touch nothing and answer with unknowns where a real call would decide the value.
 */
export function echoProvider(settings: EchoSettings): ProviderHandlers {
  let prefix = "";
  const record = (method: string, details: Record<string, unknown> = {}) => {
    if (settings.callLog) fs.appendFileSync(settings.callLog, JSON.stringify({ method, ...details }) + "\n");
  };
  const recordFile = (id: string) => path.join(settings.storeDir, `${id}.json`);

  const outputsFor = (inputs: PropertyMap, id: string | undefined): PropertyMap => {
    const message = inputs.message;
    return {
      message,
      ...(inputs.token !== undefined ? { token: reveal(inputs.token) } : {}), // plain on purpose: the host re-marks it
      greeting: isUnknown(message) ? unknown : `${prefix}${reveal(message)}`,
      length: id === undefined || isUnknown(message) ? unknown : String(reveal(message)).length,
      receipt: id === undefined ? unknown : secret(`receipt-${id}`),
    };
  };

  return {
    getSchema: async () => JSON.stringify(SYNCTEST_SCHEMA),

    async checkConfig(request) {
      record("checkConfig");
      const value = request.news.prefix;
      const failures: CheckFailure[] =
        value === undefined || typeof value === "string" || isUnknown(value)
          ? []
          : [{ property: "prefix", reason: "prefix must be a string" }];
      return { inputs: request.news, failures };
    },

    async configure(request) {
      record("configure");
      const value = reveal(request.config.prefix ?? "");
      prefix = typeof value === "string" ? value : "";
    },

    async check(request) {
      record("check");
      const message = reveal(request.news.message ?? null);
      const failures: CheckFailure[] = [];
      if (!isUnknown(message) && (typeof message !== "string" || message === "")) {
        failures.push({ property: "message", reason: "must be a non-empty string" });
      } else if (typeof message === "string" && message.length > MAX_MESSAGE_LENGTH) {
        failures.push({ property: "message", reason: `must be at most ${MAX_MESSAGE_LENGTH} characters` });
      }
      return { inputs: request.news, failures };
    },

    async diff(request) {
      record("diff");
      const changed = ["message", "token"].filter(
        (key) => containsUnknowns(request.news[key] ?? null) || !same(request.olds[key], request.news[key]),
      );
      return { changes: changed.length > 0, diffs: changed };
    },

    async create(request) {
      record("create", { preview: request.preview });
      if (request.preview) return { id: "", outputs: outputsFor(request.properties, undefined) };
      const id = crypto.randomBytes(6).toString("hex");
      fs.writeFileSync(recordFile(id), JSON.stringify({ message: reveal(request.properties.message) }));
      return { id, outputs: outputsFor(request.properties, id) };
    },

    async read(request) {
      record("read");
      if (!fs.existsSync(recordFile(request.id))) return undefined;
      const stored = JSON.parse(fs.readFileSync(recordFile(request.id), "utf8")) as { message: string };
      const inputs = { ...request.inputs, message: stored.message };
      return { id: request.id, outputs: outputsFor({ ...request.state, message: stored.message }, request.id), inputs };
    },

    async update(request) {
      record("update", { preview: request.preview });
      if (request.preview) return { outputs: outputsFor(request.news, undefined) };
      fs.writeFileSync(recordFile(request.id), JSON.stringify({ message: reveal(request.news.message) }));
      return { outputs: outputsFor(request.news, request.id) };
    },

    async delete(request) {
      record("delete");
      fs.rmSync(recordFile(request.id), { force: true });
    },
  };
}

function same(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  return JSON.stringify(reveal(a ?? null)) === JSON.stringify(reveal(b ?? null));
}
