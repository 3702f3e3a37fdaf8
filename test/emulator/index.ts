import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLOUD_NAMES, type CloudName } from "../../provider/config/clouds";
import { AccessTokenAuthority } from "./accessTokens";
import { handleAdminRequest } from "./adminApi";
import {
  createCertificateAuthority,
  existingCertificateAuthority,
  issueServerCertificate,
  type CertificateAuthority,
  type ServerCertificate,
} from "./certificateAuthority";
import { generateClientCertificates, type ClientCertificate } from "./clientCertificates";
import { Directory } from "./directory";
import { Entra } from "./entra";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import { renderStatusFault } from "./faultResponses";
import { FaultInjector, type FaultRule } from "./faults";
import { defaultFixture, type DefaultFixture, type Fixture } from "./fixture";
import { Graph } from "./graph";
import { graphError } from "./graphResponses";
import { HostileVaults, type HostileVault, type HostileVaultOptions } from "./hostileVault";
import { KeyVault, keyVaultError } from "./keyVault";
import { APP_SERVICE_API_VERSION, ManagedIdentityEndpoint } from "./managedIdentity";
import { MANAGED_IDENTITY_HEADER_SECRET, managedIdentityHost } from "./managedIdentityHost";
import { AZURE_PIPELINES_OIDC_API_VERSION, OidcIssuers, type FederatedTokenRequest } from "./oidcIssuers";
import { RequestLog, type RequestLogEntry, type RequestLogFilter, type RouteName } from "./requestLog";
import { GITHUB_ID_TOKEN_PATH, MANAGED_IDENTITY_PATH } from "./routes";
import { EmulatorServer } from "./server";
import { SynchronizationState, type SavedCredentialsState, type SynchronizationJobSeed } from "./synchronization";
import { SynchronizationApi } from "./synchronizationApi";
import { SynchronizationSchemaApi, type SchemaDelay } from "./synchronizationSchemaApi";

export type { CloudName } from "../../provider/config/clouds";
export type { ClientCertificate } from "./clientCertificates";
export type { FaultAction, FaultRule } from "./faults";
export * from "./fixture";
export type { HostileVault, HostileVaultOptions, ReceivedBearerToken } from "./hostileVault";
export type { FederatedTokenRequest } from "./oidcIssuers";
export type { RequestLogEntry, RequestLogFilter, RouteName } from "./requestLog";
export type { SavedCredentialsState, SynchronizationJobSeed } from "./synchronization";
export {
  AUTHORIZATION_CODE_REDEEMED,
  CREDENTIALS_NOT_ACCEPTED,
  EXPRESSION_NOT_PARSED_CODE,
} from "./synchronizationErrors";
export type { SchemaDelay } from "./synchronizationSchemaApi";
export { EXPRESSION_FUNCTIONS } from "./expressionFunctions";
export { parseExpression as parseExpressionLocally, type ParseOutcome, type ParsedSource } from "./expressionParser";

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;

export interface EmulatorOptions<F extends Fixture> {
  /** The directory to start with; default {@link defaultFixture}(). */
  fixture?: F;
  /** Lifetime of minted access tokens (default 3599 s); small values let tests see tokens expire. */
  tokenLifetimeSeconds?: number;
  /** Seed of the generator that decides probabilistic faults (default 1). */
  seed?: number;
}

/** Where one cloud lives on the loopback interface. */
export interface EmulatorEndpoints {
  cloud: CloudName;
  /** Graph root, also the audience of Graph tokens (`<graphRoot>/.default` is the scope). */
  graphRoot: string;
  authorityHost: string;
  /** Vault URL; also the Key Vault resource (`<keyVaultUrl>/.default`). */
  keyVaultUrl: string;
  graphScope: string;
  keyVaultScope: string;
}

/** Environment a process sets so @azure/identity's ManagedIdentityCredential uses the emulator (App Service style). */
export interface ManagedIdentityEnvironment {
  IDENTITY_ENDPOINT: string;
  IDENTITY_HEADER: string;
}

export interface GithubActionsEnvironment {
  ACTIONS_ID_TOKEN_REQUEST_URL: string;
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: string;
}

export interface AzurePipelinesEnvironment {
  SYSTEM_OIDCREQUESTURI: string;
  /** Passed to AzurePipelinesCredential as `systemAccessToken`. */
  systemAccessToken: string;
  serviceConnectionId: string;
}

export interface EmulatorFaults {
  add(rule: FaultRule): void;
  clear(): void;
  list(): FaultRule[];
  /** Lets held requests continue; returns how many were released. */
  releaseHeld(): number;
  heldCount(): number;
}

/** The provisioning side of each object: jobs, authorizations, redeemed codes, and the target's revocations. */
export interface EmulatorSynchronization {
  /** Adds a job (generated `<templateId>.<hex>.<hex>` id unless given; template `scim` unless given). */
  addJob(objectId: string, options?: { id?: string; templateId?: string }): SynchronizationJobSeed;
  jobs(objectId: string): SynchronizationJobSeed[];
  /** acquireAccessToken calls applied to the object (whatever answer the client saw). */
  authorizations(objectId: string): number;
  /** Distinct Oauth2AuthorizationCode values redeemed for the object. */
  redeemedCodes(objectId: string): number;
  /**
   * The target stops accepting what the object's last authorization gave it: validateCredentials then fails until
   * a new acquireAccessToken. Returns false when there was nothing (left) to revoke.
   */
  revoke(objectId: string, targetSays?: string): boolean;
  savedCredentials(objectId: string): SavedCredentialsState;
  /** Removes a job and its schema (its routes then answer 404); false when there was no such job. */
  removeJob(objectId: string, jobId: string): boolean;
  /** A copy of the job's schema as GET …/schema answers it (without `@odata.context`); undefined for no such job. */
  schema(objectId: string, jobId: string): Record<string, unknown> | undefined;
  /** The default schema of a template, which a job starts with and DELETE …/schema restores. */
  templateSchema(templateId: string): Record<string, unknown>;
  /**
   * Edits a job's schema as the portal (or any other writer) would, outside the request log: `edit` changes the
   * copy it gets in place or returns a replacement; the result gets a new version. Returns the stored schema.
   */
  editSchema(
    objectId: string,
    jobId: string,
    edit: (schema: Record<string, unknown>) => Record<string, unknown> | void,
  ): Record<string, unknown> | undefined;
  /** Slows getJobSchema (after reading) or putJobSchema (before applying) by `ms`, for races. */
  slowSchema(delay: SchemaDelay): void;
  clearSchemaDelays(): void;
}

export interface Emulator<F extends Fixture = DefaultFixture> {
  readonly caCertPath: string;
  readonly fixture: F;
  readonly directory: Directory;
  readonly log: RequestLogEntry[];
  readonly faults: EmulatorFaults;
  readonly synchronization: EmulatorSynchronization;
  readonly managedIdentityEnvironment: ManagedIdentityEnvironment;
  readonly githubActionsEnvironment: GithubActionsEnvironment;
  readonly azurePipelinesEnvironment: AzurePipelinesEnvironment;
  endpoints(cloud?: CloudName): EmulatorEndpoints;
  count(filter?: RequestLogFilter): number;
  inFlightPeak(route: RouteName): number;
  /** Certificates generated at start for a client (empty when its fixture asks for none). */
  clientCertificates(clientId: string): ClientCertificate[];
  mintFederatedToken(request?: FederatedTokenRequest): Promise<string>;
  /**
   * Starts a vault on a port of its own whose bearer challenge names `challengeResource` (default: this cloud's
   * Graph audience) instead of the vault, and which records every bearer token it receives. Stops with the emulator.
   */
  startHostileVault(options?: HostileVaultOptions): Promise<HostileVault>;
  hostileVaults(): HostileVault[];
  /** Forgets logged requests and in-flight peaks (faults stay). */
  clearLog(): void;
  stop(): Promise<void>;
}

interface CloudOrigins {
  main: string;
  keyVault: string;
}

/** Starts every listener on 127.0.0.1 (random ports) and resolves once all accept connections. */
export async function startEmulator<F extends Fixture = DefaultFixture>(
  options: EmulatorOptions<F> = {},
): Promise<Emulator<F>> {
  const fixture = options.fixture ?? (defaultFixture() as Fixture as F);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-emulator-"));
  const { ca, serverCertificate, certificates } = generateKeyMaterial(workDir, fixture);
  const [tokens, issuers] = await Promise.all([
    AccessTokenAuthority.create(options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS),
    OidcIssuers.create(fixture.githubSubject, fixture.azurePipelines),
  ]);
  const directory = new Directory(fixture);
  const log = new RequestLog();
  const faults = new FaultInjector(options.seed ?? 1);
  const origins = new Map<CloudName, CloudOrigins>();
  const cloudOf = (origin: string): CloudOrigins | undefined =>
    [...origins.values()].find((cloud) => cloud.main === origin || cloud.keyVault === origin);
  const allResources = (): string[] => [...origins.values()].flatMap((cloud) => [cloud.main, cloud.keyVault]);

  const entra = new Entra({
    directory,
    tokens,
    certificates: (clientId) => certificates.get(clientId.toLowerCase()) ?? [],
    issuerKey: (issuer) => issuers.verificationKey(issuer),
    resourcesFor: (origin) => {
      const cloud = cloudOf(origin);
      return cloud ? [cloud.main, cloud.keyVault] : [];
    },
  });
  const synchronization = new SynchronizationState(fixture.synchronizationJobs);
  const graph = new Graph(directory, tokens, synchronization);
  const synchronizationApi = new SynchronizationApi(directory, tokens, synchronization);
  const schemaApi = new SynchronizationSchemaApi(directory, tokens, synchronization);
  const challengeAuthority = (cloud: CloudName): string => `${origins.get(cloud)?.main ?? ""}/${fixture.tenants[0]}`;
  const keyVault = new KeyVault(directory, tokens, (request) => challengeAuthority(request.cloud));
  const hostileVaults = new HostileVaults(tokens, challengeAuthority);
  const managedIdentity = new ManagedIdentityEndpoint(directory, tokens, allResources);

  const handle = async (request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> => {
    switch (request.match.route) {
      case "openidConfiguration":
        return entra.openidConfiguration(request);
      case "jwks":
        return entra.jwks(request);
      case "token":
        return entra.token(request, details);
      case "acquireAccessToken":
        return graph.acquireAccessToken(request, details);
      case "getObject":
        return graph.getObject(request, details);
      case "lookupByAppId":
        return graph.lookupByAppId(request, details);
      case "listSynchronizationJobs":
        return synchronizationApi.listJobs(request, details);
      case "getSynchronizationJob":
        return synchronizationApi.getJob(request, details);
      case "listSynchronizationTemplates":
        return synchronizationApi.listTemplates(request, details);
      case "validateCredentials":
        return synchronizationApi.validateCredentials(request, details);
      case "getJobSchema":
        return schemaApi.getJobSchema(request, details);
      case "putJobSchema":
        return schemaApi.putJobSchema(request, details);
      case "deleteJobSchema":
        return schemaApi.deleteJobSchema(request, details);
      case "getTemplateSchema":
        return schemaApi.getTemplateSchema(request, details);
      case "parseExpression":
        return schemaApi.parseExpression(request, details);
      case "listSchemaFunctions":
        return schemaApi.listFunctions(request, details);
      case "managedIdentity":
        return managedIdentity.token(request, details);
      case "githubIdToken":
        return issuers.githubIdToken(request);
      case "azurePipelinesIdToken":
        return issuers.azurePipelinesIdToken(request);
      case "keyVaultSecret":
        return keyVault.getSecret(request, details);
      case "hostileVault":
        return hostileVaults.handle(request, details);
      default:
        return unknownRoute(request);
    }
  };

  // Listeners start before the emulator object exists; admin calls in that instant get 503.
  const started: { emulator?: Emulator<Fixture> } = {};
  const server = new EmulatorServer({
    tls: {
      cert: fs.readFileSync(serverCertificate.certPath, "utf8"),
      key: fs.readFileSync(serverCertificate.keyPath, "utf8"),
    },
    log,
    faults,
    handle,
    renderStatusFault,
    handleAdmin: async (request) =>
      started.emulator
        ? handleAdminRequest(started.emulator, request)
        : jsonResponse(503, { error: "the emulator is still starting" }),
  });

  const cloudOfResource = (resource: string): CloudName =>
    [...origins.entries()].find(([, cloud]) => cloud.main === resource || cloud.keyVault === resource)?.[0] ?? "global";
  let managedIdentityResources: string[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await managedIdentityHost.detach(managedIdentityResources);
      await server.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    })());
  let managedIdentityOrigin: string;
  try {
    for (const cloud of CLOUD_NAMES) {
      const main = await server.listen({ cloud, kind: "main" });
      const keyVaultOrigin = await server.listen({ cloud, kind: "keyVault" });
      origins.set(cloud, { main, keyVault: keyVaultOrigin });
    }
    managedIdentityResources = allResources();
    managedIdentityOrigin = await managedIdentityHost.attach(managedIdentityResources, (req, res, origin) => {
      const resource = (new URL(req.url ?? "/", origin).searchParams.get("resource") ?? "").replace(/\/$/, "");
      server.serveForeign({ cloud: cloudOfResource(resource), kind: "managedIdentity" }, origin, req, res);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const globalOrigin = origins.get("global")?.main ?? "";
  const pipelinesPath = `/${fixture.azurePipelines.organizationName}/${fixture.azurePipelines.projectName}/_apis/distributedtask/hubs/build/plans/00000000-0000-4000-8000-00000000c1a0/jobs/00000000-0000-4000-8000-00000000c1a1/oidctoken`;

  const emulator: Emulator<F> = {
    caCertPath: ca.caCertPath,
    fixture,
    directory,
    log: log.entries,
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      list: () => faults.list(),
      releaseHeld: () => faults.releaseHeld(),
      heldCount: () => faults.heldCount(),
    },
    synchronization: {
      addJob: (objectId, jobOptions) => {
        if (!directory.get(objectId)) throw new Error(`no service principal or application ${objectId}`);
        return synchronization.addJob(objectId, jobOptions);
      },
      jobs: (objectId) => synchronization.jobs(objectId),
      authorizations: (objectId) => synchronization.authorizations(objectId),
      redeemedCodes: (objectId) => synchronization.redeemedCodes(objectId),
      revoke: (objectId, targetSays) => synchronization.revoke(objectId, targetSays),
      savedCredentials: (objectId) => synchronization.savedCredentials(objectId),
      removeJob: (objectId, jobId) => synchronization.removeJob(objectId, jobId),
      schema: (objectId, jobId) => synchronization.jobSchema(objectId, jobId),
      templateSchema: (templateId) => synchronization.templateSchema(templateId),
      editSchema: (objectId, jobId, edit) => synchronization.editSchema(objectId, jobId, edit),
      slowSchema: (delay) => schemaApi.slow(delay),
      clearSchemaDelays: () => schemaApi.clearDelays(),
    },
    managedIdentityEnvironment: {
      IDENTITY_ENDPOINT: `${managedIdentityOrigin}${MANAGED_IDENTITY_PATH}`,
      IDENTITY_HEADER: MANAGED_IDENTITY_HEADER_SECRET,
    },
    githubActionsEnvironment: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${globalOrigin}${GITHUB_ID_TOKEN_PATH}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuers.githubRequestToken,
    },
    azurePipelinesEnvironment: {
      SYSTEM_OIDCREQUESTURI: `${globalOrigin}${pipelinesPath}`,
      systemAccessToken: issuers.azurePipelinesSystemAccessToken,
      serviceConnectionId: fixture.azurePipelines.serviceConnectionId,
    },
    endpoints(cloud: CloudName = "global"): EmulatorEndpoints {
      const cloudOrigins = origins.get(cloud);
      if (!cloudOrigins) throw new Error(`unknown cloud '${String(cloud)}'`);
      return {
        cloud,
        graphRoot: cloudOrigins.main,
        authorityHost: cloudOrigins.main,
        keyVaultUrl: cloudOrigins.keyVault,
        graphScope: `${cloudOrigins.main}/.default`,
        keyVaultScope: `${cloudOrigins.keyVault}/.default`,
      };
    },
    count: (filter) => log.count(filter),
    inFlightPeak: (route) => log.inFlightPeak(route),
    clientCertificates: (clientId) => certificates.get(clientId.toLowerCase()) ?? [],
    mintFederatedToken: (request) => issuers.mintFederatedToken(request),
    startHostileVault: async (vaultOptions = {}) => {
      const cloud = vaultOptions.cloud ?? "global";
      if (!origins.has(cloud)) throw new Error(`unknown cloud '${String(cloud)}'`);
      const origin = await server.listen({ cloud, kind: "hostileVault" });
      const resource = vaultOptions.challengeResource ?? origins.get(cloud)?.main ?? "";
      return hostileVaults.register(origin, cloud, resource, vaultOptions.hostname ?? "127.0.0.1");
    },
    hostileVaults: () => hostileVaults.list(),
    clearLog: () => log.clear(),
    stop,
  };
  started.emulator = emulator as Emulator<Fixture>;
  return emulator;
}

/** TLS and client certificates for one emulator, written under `workDir` (removed again if openssl fails). */
function generateKeyMaterial(
  workDir: string,
  fixture: Fixture,
): { ca: CertificateAuthority; serverCertificate: ServerCertificate; certificates: Map<string, ClientCertificate[]> } {
  try {
    const ca = certificateAuthority(workDir);
    const serverCertificate = issueServerCertificate(ca, path.join(workDir, "server"));
    const certificates = new Map<string, ClientCertificate[]>();
    for (const client of fixture.clients.filter((candidate) => candidate.certificateCount > 0)) {
      certificates.set(
        client.clientId.toLowerCase(),
        generateClientCertificates(path.join(workDir, "clients"), client.name, client.certificateCount),
      );
    }
    return { ca, serverCertificate, certificates };
  } catch (error) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

/** The CA of the test run when scripts/run-tests.js made one (already trusted by every process), else a new one. */
function certificateAuthority(workDir: string): CertificateAuthority {
  const sharedDir = process.env.SYNCAUTH_TEST_CA_DIR;
  return sharedDir ? existingCertificateAuthority(sharedDir) : createCertificateAuthority(path.join(workDir, "ca"));
}

/** Graph's answer to a path it has no resource for; the other hosts answer a plain 404. */
function unknownRoute(request: EmulatorRequest): EmulatorResponse {
  const segment = request.url.pathname.split("/").filter(Boolean).pop() ?? "";
  switch (request.listener) {
    case "keyVault":
    case "hostileVault":
      return keyVaultError(404, "NotFound", `No route for ${request.method} ${request.url.pathname}.`);
    case "managedIdentity":
      return jsonResponse(404, { statusCode: 404, message: `No route for ${request.method} ${request.url.pathname}.` });
    case "main":
      return graphError(request, 400, "BadRequest", `Resource not found for the segment '${segment}'.`);
  }
}

export { APP_SERVICE_API_VERSION, AZURE_PIPELINES_OIDC_API_VERSION };
