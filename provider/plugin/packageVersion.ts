import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The version of the nearest package.json at or above `dir`: the project's in a checkout, the one written into a
 * packaged plugin otherwise. It is what GetPluginInfo reports and what the engine compares with the version a
 * program asks for.
 */
export function packageVersion(dir: string): string {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, "package.json");
    if (fs.existsSync(candidate)) {
      const version = (JSON.parse(fs.readFileSync(candidate, "utf8")) as { version?: unknown }).version;
      if (typeof version !== "string" || version === "") throw new Error(`${candidate} has no version`);
      return version;
    }
    if (path.dirname(current) === current) throw new Error(`no package.json at or above ${dir}`);
  }
}
