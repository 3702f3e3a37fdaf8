import * as os from "node:os";
import { runPulumi } from "../scripts/lib/pulumiCli";

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: string;
  os: string;
  node: string;
  pulumiCli: string;
  pulumiSdk: string;
  /** `pulumi up --parallel` when not given, read from the CLI's own help. */
  parallelDefault: number;
  date: string;
}

/** What the numbers depend on, so a reader can tell whether another run is comparable. */
export async function describeMachine(cwd: string, env: NodeJS.ProcessEnv): Promise<Machine> {
  const version = await runPulumi(["version"], { cwd, env });
  const help = await runPulumi(["up", "--help"], { cwd, env });
  const parallel = /--parallel int32 .*\(default (\d+)\)/.exec(help.stdout);
  if (!parallel) throw new Error("cannot read the --parallel default from `pulumi up --help`");
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: (os.totalmem() / 1024 ** 3).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumiCli: version.stdout.trim() || "unknown",
    pulumiSdk: (require("@pulumi/pulumi/package.json") as { version: string }).version,
    parallelDefault: Number(parallel[1]),
    date: new Date().toISOString(),
  };
}
