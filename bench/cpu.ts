import { execFileSync } from "node:child_process";
import * as fs from "node:fs";

/**
 * CPU time, which a busy shared machine disturbs far less than wall time. `children` is what the CLI and everything
 * it started (the dynamic-provider host included) used, as Linux accounts it to this process once they are reaped;
 * `self` is this process: the hosted program and the emulator.
 */
export interface CpuTimes {
  selfMs: number;
  childrenMs: number;
}

let ticksPerSecond: number | undefined;

export function cpuTimes(): CpuTimes {
  const usage = process.cpuUsage();
  return { selfMs: (usage.user + usage.system) / 1000, childrenMs: childrenCpuMs() };
}

export function cpuSince(before: CpuTimes): CpuTimes {
  const now = cpuTimes();
  return { selfMs: now.selfMs - before.selfMs, childrenMs: now.childrenMs - before.childrenMs };
}

function childrenCpuMs(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  // Fields after the command name, which may itself hold spaces: state is field 3, cutime 16, cstime 17.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
}
