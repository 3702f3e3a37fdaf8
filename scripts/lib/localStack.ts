import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { CommandResult, LOCAL_DIR, pulumiCliPath, runPulumi } from "./pulumiCli";
import { hostProgram } from "./programHost";

/** Environment variables that could make a provider process sign in somewhere real; never inherited. */
const SIGN_IN_VARIABLE = /^(ARM_|AZURE_|ACTIONS_ID_TOKEN_|SYSTEM_OIDC|SYSTEM_ACCESSTOKEN|IDENTITY_|MSI_|PULUMI_)/;

/** Commands that act on one stack and so take `--stack`. */
const STACK_SCOPED = new Set(["preview", "up", "refresh", "destroy", "config", "stack", "cancel", "import", "state"]);

export interface LocalStackOptions {
  /** Project name written into Pulumi.yaml when `workDir` has none. */
  projectName: string;
  stackName?: string;
  /** Directory holding (or receiving) Pulumi.yaml. Default: a fresh directory under .pulumi-local/work. */
  workDir?: string;
  /** The program `preview` and `up` run, hosted in this process (see programHost.ts). */
  program?: PulumiFn;
  /**
   * Pulumi.yaml for a project whose language host runs the program itself (e.g. `runtime: yaml` with
   * `pulumi-language-yaml` on PATH); `preview` and `up` then run without `--client`. Default: a `nodejs` project
   * whose program is `program`.
   */
  projectFile?: string;
  /** Extra environment for the CLI and the provider processes it starts. */
  env?: NodeJS.ProcessEnv;
  /** Streams CLI output to this process's stdout/stderr. */
  echo?: boolean;
}

/**
 * A stack on the real `pulumi` CLI with a local file backend, its own PULUMI_HOME and a passphrase
 * secrets provider, all in a throwaway directory: nothing touches ~/.pulumi.
 */
export class LocalStack {
  readonly stackName: string;
  readonly workDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stateDir: string;
  private readonly scratchDir: string;
  program?: PulumiFn;
  echo: boolean;
  private readonly runsOwnProgram: boolean;

  private constructor(options: LocalStackOptions, scratchDir: string, workDir: string) {
    this.stackName = options.stackName ?? "dev";
    this.scratchDir = scratchDir;
    this.workDir = workDir;
    this.stateDir = path.join(scratchDir, "state");
    this.program = options.program;
    this.echo = options.echo ?? false;
    this.runsOwnProgram = options.projectFile !== undefined;
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SIGN_IN_VARIABLE.test(k)));
    this.env = {
      ...inherited,
      PATH: `${path.dirname(pulumiCliPath())}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(scratchDir, "home"),
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(16).toString("hex"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      ...options.env,
    };
  }

  static async create(options: LocalStackOptions): Promise<LocalStack> {
    fs.mkdirSync(LOCAL_DIR, { recursive: true });
    const scratchDir = fs.mkdtempSync(path.join(LOCAL_DIR, `${options.projectName}-`));
    const workDir = options.workDir ?? path.join(scratchDir, "project");
    fs.mkdirSync(workDir, { recursive: true });
    fs.mkdirSync(path.join(scratchDir, "state"), { recursive: true });
    const projectFile = path.join(workDir, "Pulumi.yaml");
    if (!fs.existsSync(projectFile)) {
      fs.writeFileSync(projectFile, options.projectFile ?? `name: ${options.projectName}\nruntime: nodejs\n`);
    }
    const stack = new LocalStack(options, scratchDir, workDir);
    await stack.must(["stack", "init", stack.stackName, "--non-interactive"]);
    return stack;
  }

  /** Runs any CLI command against this stack; `preview`, `up` and `--run-program` get the hosted program. */
  async pulumi(args: string[], extra: { onSpawn?: (pid: number) => void } = {}): Promise<CommandResult> {
    const needsProgram = args[0] === "preview" || args[0] === "up" || args.includes("--run-program");
    const stackArgs = STACK_SCOPED.has(args[0]) && args[1] !== "init" ? ["--stack", this.stackName] : [];
    const separator = args.indexOf("--");
    if (separator >= 0) {
      // Flags after "--" would be taken as values.
      args = [...args.slice(0, separator), ...stackArgs, ...args.slice(separator)];
      stackArgs.length = 0;
    }
    if (!needsProgram || (this.runsOwnProgram && !this.program)) {
      return runPulumi([...args, ...stackArgs], { cwd: this.workDir, env: this.env, echo: this.echo, ...extra });
    }
    if (!this.program) throw new Error(`'pulumi ${args[0]}' needs a program; none was given to LocalStack`);
    const host = await hostProgram(this.program);
    let result: CommandResult | undefined;
    try {
      result = await runPulumi([...args, ...stackArgs, `--client=${host.address}`], {
        cwd: this.workDir,
        env: this.env,
        echo: this.echo,
        ...extra,
      });
      return result;
    } finally {
      host.close(result === undefined || result.code !== 0);
    }
  }

  /** Like `pulumi`, but throws with the CLI's output when the command fails. */
  async must(args: string[]): Promise<CommandResult> {
    const result = await this.pulumi(args);
    if (result.code !== 0) {
      throw new Error(`${result.command} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  async setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
    await this.must(["config", "set", key, options.secret ? "--secret" : "--plaintext", "--", value]);
  }

  preview(...extra: string[]): Promise<CommandResult> {
    return this.pulumi(["preview", "--non-interactive", ...extra]);
  }

  up(...extra: string[]): Promise<CommandResult> {
    return this.pulumi(["up", "--yes", "--skip-preview", "--non-interactive", ...extra]);
  }

  refresh(...extra: string[]): Promise<CommandResult> {
    return this.pulumi(["refresh", "--yes", "--skip-preview", "--non-interactive", ...extra]);
  }

  destroy(...extra: string[]): Promise<CommandResult> {
    return this.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive", ...extra]);
  }

  /** `pulumi stack export` as text (the deployment, secrets encrypted unless asked otherwise). */
  async exportText(options: { showSecrets?: boolean } = {}): Promise<string> {
    const result = await this.must(["stack", "export", ...(options.showSecrets ? ["--show-secrets"] : [])]);
    return result.stdout;
  }

  /** The resources of the exported deployment. */
  async resources(): Promise<StateResource[]> {
    const exported = JSON.parse(await this.exportText());
    return (exported.deployment?.resources ?? []) as StateResource[];
  }

  /** Every file the file backend wrote for this stack (checkpoints, backups, history), concatenated. */
  stateFilesText(): string {
    const texts: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else texts.push(fs.readFileSync(full, "latin1"));
      }
    };
    walk(this.stateDir);
    return texts.join("\n");
  }

  dispose(): void {
    fs.rmSync(this.scratchDir, { recursive: true, force: true });
    if (this.workDir !== path.join(this.scratchDir, "project")) {
      fs.rmSync(path.join(this.workDir, `Pulumi.${this.stackName}.yaml`), { force: true });
    }
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  additionalSecretOutputs?: string[];
  [key: string]: unknown;
}
