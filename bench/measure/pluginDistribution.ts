import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalStack } from "../../scripts/lib/localStack";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import { probeSyncauthPlugin } from "../../scripts/lib/pluginProbe";
import { pulumiCliPath } from "../../scripts/lib/pulumiCli";
import { pathWithYamlHost, pulumiYamlPath } from "../../scripts/lib/pulumiYaml";
import { hostReleaseAsset } from "../../scripts/lib/seaPlugin";
import { SYNCAUTH_PLUGIN_SOURCE, stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import { packagePlugin } from "../../scripts/package-plugin";
import type { Emulator } from "../../test/emulator";
import { setProgramConfig, setProviderConfig } from "../../test/examples/pluginScenario";

/** The two ways the plugin has been shipped: the single executable, and the launcher that runs it on a Node. */
export type PluginForm = "sea" | "launcher";

export interface PluginDistributionResult {
  /** Spawn → the port read from stdout (what the engine waits for), ms, per launch. */
  port: Record<PluginForm, number[]>;
  /** Spawn → first Check answered (the port read from stdout, then one Check over gRPC), ms, per launch. */
  startup: Record<PluginForm, number[]>;
  /** `pulumi preview` of examples/yaml in a fresh PULUMI_HOME (the plugin started for the schema, then for the work), ms. */
  firstRun: Record<PluginForm, number[]>;
  /** Each form's tarball: compressed and unpacked bytes. */
  sizes: Record<PluginForm, { bytes: number; unpackedBytes: number }>;
  codeCache: string;
}

/** How each form is started: the executable itself, or the launcher script with this process's Node. */
function commandOf(form: PluginForm, sea: string): { command: string; env: NodeJS.ProcessEnv } {
  if (form === "sea") return { command: sea, env: { PATH: path.dirname(sea) } };
  return {
    command: path.join(stagedSyncauthDir(), "pulumi-resource-syncauth"),
    env: { PATH: process.env.PATH, [nodeVariable("syncauth")]: process.execPath },
  };
}

/**
 * The plugin as users get it: start-up of the self-contained executable beside the launcher (alternating, so drift
 * falls on both), a first `pulumi preview` in a fresh PULUMI_HOME with each, and the tarballs' sizes. Figures only:
 * nothing here is asserted.
 */
export async function measurePluginDistribution(
  emu: Emulator,
  reps: number,
  log: (text: string) => void,
): Promise<PluginDistributionResult> {
  const asset = await hostReleaseAsset();
  const forms: PluginForm[] = ["sea", "launcher"];
  const port: Record<PluginForm, number[]> = { sea: [], launcher: [] };
  const startup: Record<PluginForm, number[]> = { sea: [], launcher: [] };
  const firstRun: Record<PluginForm, number[]> = { sea: [], launcher: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const form of rep % 2 === 0 ? forms : [...forms].reverse()) {
      const { command, env } = commandOf(form, asset.executable);
      const probe = await probeSyncauthPlugin(command, [], env);
      port[form].push(probe.startToPortMs);
      startup[form].push(probe.startToFirstCheckMs);
    }
  }
  log(`plugin distribution: start-up measured ${reps}× per form`);
  for (let rep = 0; rep < reps; rep++) {
    for (const form of rep % 2 === 0 ? forms : [...forms].reverse()) {
      firstRun[form].push(await firstPreview(emu, form, asset.tarball));
    }
  }
  log(`plugin distribution: first preview measured ${reps}× per form`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-node-tarball-"));
  try {
    const nodeTarball = packagePlugin({ ...SYNCAUTH_PLUGIN_SOURCE, outDir: scratch });
    return {
      port,
      startup,
      firstRun,
      sizes: {
        sea: { bytes: asset.bytes, unpackedBytes: asset.unpackedBytes },
        launcher: { bytes: nodeTarball.bytes, unpackedBytes: nodeTarball.unpackedBytes },
      },
      codeCache: asset.codeCache,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** One `pulumi preview` of examples/yaml in a fresh PULUMI_HOME: the executable installed there, or the launcher on PATH. */
async function firstPreview(emu: Emulator, form: PluginForm, tarball: string): Promise<number> {
  const projectFile = fs.readFileSync(path.join(__dirname, "..", "..", "examples", "yaml", "Pulumi.yaml"), "utf8");
  const env: NodeJS.ProcessEnv =
    form === "sea"
      ? { PATH: [path.dirname(pulumiCliPath()), path.dirname(pulumiYamlPath())].join(path.delimiter) }
      : { PATH: pathWithYamlHost(stagedSyncauthDir()), [nodeVariable("syncauth")]: process.execPath };
  const stack = await LocalStack.create({
    projectName: `bench-first-run-${form}`,
    projectFile,
    env: { ...env, NODE_EXTRA_CA_CERTS: emu.caCertPath },
  });
  try {
    if (form === "sea")
      await stack.must([
        "plugin",
        "install",
        "resource",
        "syncauth",
        SYNCAUTH_PLUGIN_SOURCE.version,
        "--file",
        tarball,
      ]);
    await setProgramConfig(stack, emu, "bench-token");
    await setProviderConfig(stack, emu, "syncauth:");
    const started = performance.now();
    const preview = await stack.preview();
    const elapsed = performance.now() - started;
    if (preview.code !== 0)
      throw new Error(`${preview.command} exited ${preview.code}\n${preview.stdout}\n${preview.stderr}`);
    return elapsed;
  } finally {
    stack.dispose();
  }
}
