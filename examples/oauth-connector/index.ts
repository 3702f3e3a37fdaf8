import * as pulumi from "@pulumi/pulumi";
import { SynchronizationAuthorization } from "pulumi-syncauth";

// Authorizes an OAuth (authorization-code) provisioning connector: the provisioning service redeems the code at
// the partner's token endpoint and keeps the refresh token it gets back. A code works once, so the authorization
// must run once per new code and never again with the same one.
const config = new pulumi.Config();

// A plain label the operator bumps whenever a new code is set ("2026-11-24", "3", ...). The code itself is secret
// and already re-authorizes when it changes; the label is what a reviewer reads in the preview, where the code
// only shows as [secret]. A label is not derived from the code (not even as a hash) so that nothing about the
// code ends up in plaintext in diffs, logs or state.
const codeVersion = config.require("codeVersion");

const connector = new SynchronizationAuthorization("oauth-connector", {
  servicePrincipalId: config.require("servicePrincipalId"), // object id, not appId
  credentials: {
    Oauth2ClientId: config.require("oauthClientId"),
    Oauth2ClientSecret: config.requireSecret("oauthClientSecret"),
    Oauth2AuthorizationCode: config.requireSecret("authorizationCode"),
    Oauth2RedirectUri: config.require("redirectUri"),
    Oauth2TokenExchangeUri: config.require("tokenExchangeUri"),
  },
  triggers: { codeVersion },
});

export const target = connector.target;
export const lastAuthorizedAt = connector.lastAuthorizedAt;
export const authorizedCodeVersion = codeVersion;
