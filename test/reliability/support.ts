import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { SynchronizationAuthorization, SynchronizationAuthorizationArgs } from "../../provider";
import type { CommandResult } from "../../scripts/lib/pulumiCli";
import type { StateResource } from "../../scripts/lib/localStack";

export const AUTHORIZATION_TYPE = "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization";

export interface Declared {
  name: string;
  args: SynchronizationAuthorizationArgs;
  opts?: pulumi.CustomResourceOptions;
}

/** A random, high-entropy value: finding it anywhere can only mean it was copied there. */
export function canary(label: string): string {
  return `canary-${label}-${crypto.randomBytes(18).toString("base64url")}`;
}

/** The stack's program over whatever `declared` holds at the time of each preview/up. */
export function programOver(declared: () => Declared[]) {
  return async () => {
    for (const { name, args, opts } of declared()) {
      new SynchronizationAuthorization(name, args, opts);
    }
    return {};
  };
}

export function authorizations(resources: StateResource[]): StateResource[] {
  return resources.filter((r) => r.type === AUTHORIZATION_TYPE);
}

/** Resource name (the last URN segment) → state entry. */
export function byName(resources: StateResource[]): Map<string, StateResource> {
  return new Map(authorizations(resources).map((r) => [r.urn.slice(r.urn.lastIndexOf("::") + 2), r]));
}

export function succeeded(result: CommandResult): void {
  assert.equal(result.code, 0, `${result.command} failed:\n${result.stdout}\n${result.stderr}`);
}

export function failed(result: CommandResult): void {
  assert.notEqual(result.code, 0, `${result.command} was expected to fail:\n${result.stdout}\n${result.stderr}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 50 ms; fails after `timeoutMs` so a broken run cannot hang the suite. */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`gave up waiting: ${what}`);
    await sleep(50);
  }
}
