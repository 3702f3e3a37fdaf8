import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateSdk, pulumiCliVersion, sdkgenPath } from "./sdkgen";

/** The Go module of Pulumi's SDK (Automation API, resource model), which generated SDKs and programs require. */
const PULUMI_GO_SDK = "github.com/pulumi/pulumi/sdk/v3";

export interface GoProgramSource {
  /** The executable's name, and part of its cache directory's. */
  name: string;
  /** The directory holding the program's main.go and go.mod (and go.sum, if any). */
  dir: string;
  /** The package schema whose Go SDK the program imports; go.mod replaces the SDK's module with ./sdk/go. */
  schema: unknown;
}

export interface BuiltGoProgram {
  binary: string;
  /** The generated Go SDK (its own module, tidied), which the program was built against. */
  sdkDir: string;
}

/** The shared build cache of the scripts/ensure-*.sh tools. */
function cacheRoot(): string {
  return (
    process.env.PULUMI_SYNCAUTH_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-syncauth")
  );
}

/** Go's own environment for the builds: modules resolved as needed (go.mod edited below), no C toolchain. */
function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };
}

function go(cwd: string, ...args: string[]): string {
  return execFileSync("go", args, { cwd, env: goEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

/** Makes a module require Pulumi's Go SDK at the CLI's version (so the Automation API matches the CLI), then tidies. */
function requireCliSdk(moduleDir: string): void {
  go(moduleDir, "mod", "edit", `-require=${PULUMI_GO_SDK}@v${pulumiCliVersion()}`);
  go(moduleDir, "mod", "tidy");
}

/** Everything the build's result depends on: the sources, the schema, the generator, Go, the CLI, this recipe. */
function buildKey(source: GoProgramSource, schemaText: string): string {
  const hash = crypto.createHash("sha256");
  for (const file of fs.readdirSync(source.dir).sort()) {
    if (!/^(go\.mod|go\.sum|.*\.go)$/.test(file)) continue;
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(source.dir, file)))
      .update("\0");
  }
  hash.update(schemaText).update(sdkgenPath()).update(pulumiCliVersion());
  hash.update(go(source.dir, "env", "GOVERSION")).update(fs.readFileSync(__filename));
  return hash.digest("hex").slice(0, 12);
}

/**
 * A Go program built against the Go SDK generated from `schema` (by scripts/sdkgen, the generator the CLI's Go
 * language host would use), cached under ~/.cache/pulumi-syncauth by a hash of all its inputs: a rerun costs a
 * hash, a cold build minutes (Go compiles Pulumi's SDK). Both modules require Pulumi's Go SDK at the CLI's
 * version, and the SDK module is built on its own (`go build ./...`) before the program.
 */
export function builtGoProgram(source: GoProgramSource): BuiltGoProgram {
  const schemaText = JSON.stringify(source.schema, null, 2);
  const dir = path.join(cacheRoot(), `go-${source.name}-${buildKey(source, schemaText)}`);
  const built: BuiltGoProgram = { binary: path.join(dir, "bin", source.name), sdkDir: path.join(dir, "sdk", "go") };
  if (fs.existsSync(built.binary)) return built;

  process.stderr.write(`[go-program] building ${source.name} and its Go SDK into ${dir}\n`);
  const started = Date.now();
  const work = `${dir}.build-${process.pid}`;
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(source.dir, work, { recursive: true, filter: (file) => !file.startsWith(path.join(source.dir, "sdk")) });
  fs.writeFileSync(path.join(work, "schema.json"), schemaText);
  const sdkDir = generateSdk(path.join(work, "schema.json"), "go", path.join(work, "sdk"));
  requireCliSdk(sdkDir);
  go(sdkDir, "build", "./...");
  requireCliSdk(work);
  go(work, "build", "-o", path.join(work, "bin", source.name), ".");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(work, dir);
  process.stderr.write(`[go-program] built in ${Math.round((Date.now() - started) / 1000)}s\n`);
  return built;
}
