import { CLOUD_NAMES } from "../../provider/config/clouds";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from "./exchange";
import type { FaultRule } from "./faults";
import type { HostileVaultOptions } from "./hostileVault";
import type { Fixture } from "./fixture";
import type { Emulator } from "./index";
import type { RequestLogFilter } from "./requestLog";

/**
 * `/_emulator/…` on every listener, so another process (a Pulumi program, a shell) can drive a running emulator:
 *   GET  requests[?route=&cloud=&status=&appliedStatus=&method=&tenantId=&clientId=&targetKind=&targetId=&apiVersion=]
 *                                                  → { count, entries }
 *   GET  endpoints                                 → endpoints of every cloud and the CA path
 *   GET  faults                                    → { rules }
 *   POST faults          body: FaultRule or FaultRule[]
 *   POST faults/clear | faults/release-held
 *   POST reset                                     → clears faults and the request log
 *   GET  synchronization?objectId=                 → { jobs, authorizations, redeemedCodes, savedCredentials }
 *   POST synchronization/jobs  body: { objectId, templateId?, id? }   → 201 the job
 *   POST synchronization/revoke body: { objectId }  → { revoked }: the target stops accepting the last authorization
 *   POST synchronization/jobs/remove body: { objectId, jobId } → { removed }
 *   GET  synchronization/schema?objectId=&jobId=    → the job's schema (404 for no such job)
 *   PUT  synchronization/schema body: { objectId, jobId, schema } → 200 the stored schema: a portal-style edit
 *                                                    (no Graph validation, not logged, new version)
 *   POST synchronization/schema-delays body: { route: "getJobSchema"|"putJobSchema", ms, times? } | { clear: true }
 *   GET  hostile-vaults                            → { vaults: [{ url, cloud, challengeResource, received }] }
 *   POST hostile-vaults  body: { cloud?, challengeResource?, hostname? } → 201 the new vault
 */
export async function handleAdminRequest(
  emulator: Emulator<Fixture>,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  const action = `${request.method} ${request.match.adminAction ?? ""}`;
  switch (action) {
    case "GET requests": {
      const filter = filterFrom(request.url.searchParams);
      const entries = emulator.log.filter((entry) =>
        (Object.keys(filter) as (keyof RequestLogFilter)[]).every((key) => String(entry[key]) === String(filter[key])),
      );
      return jsonResponse(200, { count: entries.length, entries });
    }
    case "GET endpoints":
      return jsonResponse(200, {
        caCertPath: emulator.caCertPath,
        clouds: Object.fromEntries(CLOUD_NAMES.map((cloud) => [cloud, emulator.endpoints(cloud)])),
      });
    case "GET faults":
      return jsonResponse(200, { rules: emulator.faults.list() });
    case "POST faults": {
      let rules: FaultRule[];
      try {
        const parsed = JSON.parse(request.rawBody.toString("utf8")) as FaultRule | FaultRule[];
        rules = Array.isArray(parsed) ? parsed : [parsed];
        for (const rule of rules) emulator.faults.add(rule);
      } catch (error) {
        return jsonResponse(400, { error: `invalid fault rule: ${(error as Error).message}` });
      }
      return jsonResponse(201, { added: rules.length, rules: emulator.faults.list() });
    }
    case "POST faults/clear":
      emulator.faults.clear();
      return jsonResponse(200, { rules: [] });
    case "POST faults/release-held":
      return jsonResponse(200, { released: emulator.faults.releaseHeld() });
    case "POST reset":
      emulator.faults.clear();
      emulator.clearLog();
      return jsonResponse(200, { reset: true });
    case "GET synchronization": {
      const objectId = request.url.searchParams.get("objectId") ?? "";
      const { synchronization } = emulator;
      return jsonResponse(200, {
        objectId,
        jobs: synchronization.jobs(objectId),
        authorizations: synchronization.authorizations(objectId),
        redeemedCodes: synchronization.redeemedCodes(objectId),
        savedCredentials: synchronization.savedCredentials(objectId),
      });
    }
    case "POST synchronization/jobs": {
      const body = jsonBody(request);
      if (typeof body?.objectId !== "string") return jsonResponse(400, { error: "objectId (a string) is required" });
      try {
        const job = emulator.synchronization.addJob(body.objectId, {
          ...(typeof body.id === "string" && { id: body.id }),
          ...(typeof body.templateId === "string" && { templateId: body.templateId }),
        });
        return jsonResponse(201, job);
      } catch (error) {
        return jsonResponse(400, { error: (error as Error).message });
      }
    }
    case "GET hostile-vaults":
      return jsonResponse(200, { vaults: emulator.hostileVaults() });
    case "POST hostile-vaults": {
      const body = request.rawBody.length === 0 ? {} : jsonBody(request);
      if (!body) return jsonResponse(400, { error: "the body must be a JSON object" });
      try {
        const vault = await emulator.startHostileVault(body as HostileVaultOptions);
        return jsonResponse(201, vault);
      } catch (error) {
        return jsonResponse(400, { error: (error as Error).message });
      }
    }
    case "POST synchronization/revoke": {
      const body = jsonBody(request);
      if (typeof body?.objectId !== "string") return jsonResponse(400, { error: "objectId (a string) is required" });
      return jsonResponse(200, { revoked: emulator.synchronization.revoke(body.objectId) });
    }
    case "POST synchronization/jobs/remove": {
      const body = jsonBody(request);
      if (typeof body?.objectId !== "string" || typeof body.jobId !== "string") {
        return jsonResponse(400, { error: "objectId and jobId (strings) are required" });
      }
      return jsonResponse(200, { removed: emulator.synchronization.removeJob(body.objectId, body.jobId) });
    }
    case "GET synchronization/schema": {
      const query = request.url.searchParams;
      const schema = emulator.synchronization.schema(query.get("objectId") ?? "", query.get("jobId") ?? "");
      return schema ? jsonResponse(200, schema) : jsonResponse(404, { error: "no such job" });
    }
    case "PUT synchronization/schema": {
      const body = jsonBody(request);
      const schema = body?.schema;
      if (typeof body?.objectId !== "string" || typeof body.jobId !== "string" || !isRecord(schema)) {
        return jsonResponse(400, { error: "objectId, jobId (strings) and schema (an object) are required" });
      }
      const stored = emulator.synchronization.editSchema(body.objectId, body.jobId, () => schema);
      return stored ? jsonResponse(200, stored) : jsonResponse(404, { error: "no such job" });
    }
    case "POST synchronization/schema-delays": {
      const body = jsonBody(request);
      if (body?.clear === true) {
        emulator.synchronization.clearSchemaDelays();
        return jsonResponse(200, { cleared: true });
      }
      if ((body?.route !== "getJobSchema" && body?.route !== "putJobSchema") || typeof body.ms !== "number") {
        return jsonResponse(400, { error: "route (getJobSchema or putJobSchema) and ms (a number) are required" });
      }
      emulator.synchronization.slowSchema({
        route: body.route,
        ms: body.ms,
        ...(typeof body.times === "number" && { times: body.times }),
      });
      return jsonResponse(201, { added: true });
    }
    default:
      return jsonResponse(404, { error: `unknown admin action '${action}'` });
  }
}

function jsonBody(request: EmulatorRequest): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(request.rawBody.toString("utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function filterFrom(query: URLSearchParams): RequestLogFilter {
  const filter: Record<string, string> = {};
  for (const key of [
    "route",
    "cloud",
    "status",
    "appliedStatus",
    "method",
    "tenantId",
    "clientId",
    "targetKind",
    "targetId",
    "jobId",
    "apiVersion",
  ]) {
    const value = query.get(key);
    if (value !== null) filter[key] = value;
  }
  return filter as RequestLogFilter;
}
