import type * as AzureIdentity from "@azure/identity";
import type * as NodeForge from "node-forge";

/**
 * The sign-in SDKs, loaded on first use rather than at start-up: @azure/identity alone takes about half a second to
 * load, and check, diff and preview never sign in, so the provider answers its first calls without it.
 */
export function azureIdentity(): typeof AzureIdentity {
  return require("@azure/identity") as typeof AzureIdentity;
}

/** node-forge, needed only to open a PKCS#12 (PFX) client certificate. */
export function nodeForge(): typeof NodeForge {
  return require("node-forge") as typeof NodeForge;
}
