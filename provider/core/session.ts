import * as fs from "node:fs";
import type { TokenCredential } from "@azure/identity";
import { TokenSources } from "../auth/tokenSource";
import {
  resolveClientSettings,
  resolveEndpointSettings,
  resolveSignInSettings,
  type ClientSettings,
  type ConfigSource,
  type EndpointSettings,
  type Env,
  type ReadFile,
  type SignInSettings,
} from "../config/providerSettings";
import { signInMaterial } from "../config/signInMaterial";
import { GraphCallLimit } from "../graph/concurrencyLimit";
import type { GraphClient } from "../graph/graphClient";
import { SecretClients } from "../writeOnly/keyVaultSecretReader";
import { Claims } from "./claims";
import { KeyedQueue } from "./keyedQueue";

/**
 * What every session of one provider process shares, so that a provider configured again (or a second
 * configuration in the same process) keeps one sign-in per identity, one limit on Graph calls and one Key Vault
 * client per vault. An adapter makes one per process.
 */
export interface SharedClients {
  tokens: TokenSources;
  graphCalls: GraphCallLimit;
  secretClients: SecretClients;
  /** One read-modify-write at a time per provisioning job (its schema is replaced whole). */
  jobSchemaWrites: KeyedQueue;
  /** What each resource claims, for check to refuse two resources claiming the same thing. */
  claims: Claims;
}

export function newSharedClients(): SharedClients {
  return {
    tokens: new TokenSources(),
    graphCalls: new GraphCallLimit(),
    secretClients: new SecretClients(),
    jobSchemaWrites: new KeyedQueue(),
    claims: new Claims(),
  };
}

/**
 * One configuration of the provider: the stack's configuration and the process environment, and the Graph client
 * built from them on first use. Settings are read when an operation needs them, so preview (check and diff) reads
 * no credential, and only create, update and read sign in.
 */
export class Session {
  private graphClient: GraphClient | undefined;

  constructor(
    private readonly config: ConfigSource,
    /** The provider process's environment: settings, and the variables write-only credentials name. */
    readonly env: Env,
    readonly shared: SharedClients,
    private readonly readFile: ReadFile = fs.readFileSync,
  ) {}

  /** Which cloud and endpoints; needs no credential. */
  endpoints(): EndpointSettings {
    return resolveEndpointSettings(this.config, this.env);
  }

  clientSettings(): ClientSettings {
    return resolveClientSettings(this.config, this.env);
  }

  signInSettings(): SignInSettings {
    return resolveSignInSettings(this.config, this.env, this.readFile);
  }

  /** The sign-in's secret values (a client secret, a private key): text from elsewhere is cleaned of them too. */
  signInSecrets(): string[] {
    return signInMaterial(this.signInSettings().method).secrets;
  }

  /** The identity Graph is signed in to, for SDK clients (Key Vault) that take a TokenCredential. */
  tokenCredential(signIn: SignInSettings, endpoints: EndpointSettings): TokenCredential {
    return this.shared.tokens.tokenCredentialFor(signIn, endpoints);
  }

  /**
   * Built once per session: the settings come from the same configuration every time, so the first serve all. The
   * Graph client (and axios under it, whose fetch adapter starts Node's fetch when loaded) is required here, on the
   * first operation that calls Graph, not when the provider starts: check, diff and preview never need it.
   */
  graph(endpoints: EndpointSettings): GraphClient {
    if (this.graphClient === undefined) {
      const { GraphClient } = require("../graph/graphClient") as typeof import("../graph/graphClient");
      this.graphClient = new GraphClient({
        endpoints,
        client: this.clientSettings(),
        tokens: this.shared.tokens.tokenSourceFor(this.signInSettings(), endpoints),
        callLimit: this.shared.graphCalls,
      });
    }
    return this.graphClient;
  }
}
