import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
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

/**
 * Every process below `pid` (children, grandchildren…), read from /proc: the CLI's plugin and provider processes,
 * so that a test that kills the CLI can kill exactly what it started and nothing else.
 */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // The command name may hold spaces and parentheses; the parent pid is the 2nd field after the last ")".
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Whether `pid` still runs: a zombie (killed, not yet reaped by its new parent) does not. */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
