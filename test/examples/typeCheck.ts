import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");

/**
 * The examples and README snippets import "pulumi-syncauth" as users do; in this repository that name resolves
 * through node_modules/pulumi-syncauth to the built declarations in dist/. Without them every import would fail
 * with a message that hides the real cause, so say it first.
 */
export function assertPackageBuilt(): void {
  const declarations = path.join(REPO_ROOT, "dist", "provider", "index.d.ts");
  if (!fs.existsSync(declarations)) {
    throw new Error(`${declarations} is missing: run \`npm run build\` first (npm test does).`);
  }
  if (!fs.existsSync(path.join(REPO_ROOT, "node_modules", "pulumi-syncauth", "package.json"))) {
    throw new Error("node_modules/pulumi-syncauth is missing: run `node scripts/link-self.js` (npm install does).");
  }
}

/** Example directories that hold a Pulumi program (index.ts); gitops/ holds pipelines only. */
export function exampleProjects(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(EXAMPLES_DIR, entry.name, "index.ts")))
    .map((entry) => entry.name)
    .sort();
}

export function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => REPO_ROOT,
    getNewLine: () => "\n",
  });
}

/** Reads a tsconfig.json the way `tsc -p` does; a broken config is itself a failure. */
export function readProjectConfig(tsconfigPath: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(formatDiagnostics([diagnostic]));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${tsconfigPath}`);
  if (parsed.errors.length > 0) throw new Error(formatDiagnostics(parsed.errors));
  return parsed;
}

/**
 * Type-checks files as `tsc --noEmit` would, with `replacements` (absolute path → text) standing in for files on
 * disk or adding files that exist only in memory. Returns the diagnostics per root file (syntactic, semantic and
 * the program's global ones under "").
 */
export function typeCheck(
  rootNames: readonly string[],
  options: ts.CompilerOptions,
  replacements: ReadonlyMap<string, string> = new Map(),
): Map<string, ts.Diagnostic[]> {
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => replacements.get(path.resolve(file)) ?? readFile(file);
  host.fileExists = (file) => replacements.has(path.resolve(file)) || fileExists(file);
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
    const text = replacements.get(path.resolve(file));
    return text !== undefined
      ? ts.createSourceFile(file, text, languageVersion, true)
      : getSourceFile(file, languageVersion, onError, shouldCreate);
  };
  const program = ts.createProgram({ rootNames, options: { ...options, noEmit: true }, host });
  const byFile = new Map<string, ts.Diagnostic[]>(rootNames.map((name) => [path.resolve(name), []]));
  byFile.set("", [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const key = diagnostic.file ? path.resolve(diagnostic.file.fileName) : "";
    const list = byFile.get(key) ?? byFile.get("")!;
    if (!list.includes(diagnostic)) list.push(diagnostic);
  }
  return byFile;
}

/** Type-checks one example with its own tsconfig.json; `replacements` as in {@link typeCheck}. */
export function typeCheckExample(example: string, replacements?: ReadonlyMap<string, string>): string {
  const config = readProjectConfig(path.join(EXAMPLES_DIR, example, "tsconfig.json"));
  const results = typeCheck(config.fileNames, config.options, replacements);
  return formatDiagnostics([...results.values()].flat());
}
