import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import {
  assertPackageBuilt,
  EXAMPLES_DIR,
  formatDiagnostics,
  readProjectConfig,
  REPO_ROOT,
  typeCheck,
} from "./examples/typeCheck";

/** A fenced TypeScript block of a Markdown file. */
interface CodeBlock {
  /** Repository-relative Markdown file. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

/**
 * Every ```ts / ```typescript block of `markdown`, including indented ones (inside list items), dedented. Other
 * languages (sh, yaml, json) are not TypeScript and are left alone.
 */
export function typeScriptBlocks(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b[^`]*$/i.exec(lines[i]);
    if (!open) {
      const other = /^(\s*)(`{3,}|~{3,})/.exec(lines[i]);
      if (other) i = closingFence(lines, i, other[2]);
      continue;
    }
    const [, indent, fence] = open;
    const end = closingFence(lines, i, fence);
    const body = lines.slice(i + 1, end).map((text) => (text.startsWith(indent) ? text.slice(indent.length) : text));
    blocks.push({ file, line: i + 1, code: body.join("\n") });
    i = end;
  }
  return blocks;
}

function closingFence(lines: string[], open: number, fence: string): number {
  for (let j = open + 1; j < lines.length; j++) {
    if (new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(lines[j])) return j;
  }
  return lines.length;
}

/** The READMEs whose TypeScript must compile: the top-level one (when written) and every example's. */
function readmes(): string[] {
  const files = [path.join(REPO_ROOT, "README.md")];
  for (const entry of fs.readdirSync(EXAMPLES_DIR, { withFileTypes: true })) {
    if (entry.isDirectory()) files.push(path.join(EXAMPLES_DIR, entry.name, "README.md"));
  }
  return files.filter((file) => fs.existsSync(file)).sort();
}

/** The names "pulumi-syncauth" exports (values and types), read from its declarations. */
function packageExports(options: ts.CompilerOptions): string[] {
  const probe = path.join(REPO_ROOT, "__readme_exports_probe.ts");
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const probeText = `import * as probe from "pulumi-syncauth";\nexport { probe };\n`;
  host.getSourceFile = (file, version, onError, shouldCreate) =>
    path.resolve(file) === probe
      ? ts.createSourceFile(file, probeText, version, true)
      : getSourceFile(file, version, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: [probe], options, host });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probe)!;
  const importDeclaration = source.statements.find(ts.isImportDeclaration)!;
  const moduleSymbol = checker.getSymbolAtLocation(importDeclaration.moduleSpecifier);
  assert.ok(moduleSymbol, 'the "pulumi-syncauth" declarations resolve');
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.getName());
}

/**
 * A block as a module of its own: what it imports itself stays; what it does not import from "@pulumi/pulumi"
 * (as `pulumi`) or "pulumi-syncauth" (every export by name) is imported for it, so a snippet may use
 * `pulumi.Config` and `SynchronizationAuthorization` without the two lines every README would repeat.
 */
function asModule(code: string, exportsOfPackage: string[]): string {
  const header: string[] = [];
  if (!/from\s+["']@pulumi\/pulumi["']/.test(code) && !/\bimport\s+\*\s+as\s+pulumi\b/.test(code)) {
    header.push(`import * as pulumi from "@pulumi/pulumi";`);
  }
  if (!/from\s+["']pulumi-syncauth["']/.test(code)) {
    const declared = new Set(
      [...code.matchAll(/\b(?:const|let|var|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g)].map(
        (match) => match[1],
      ),
    );
    const names = exportsOfPackage.filter((name) => !declared.has(name));
    if (names.length > 0) header.push(`import { ${names.join(", ")} } from "pulumi-syncauth";`);
  }
  // `export {}` keeps a block without imports or exports a module, so blocks never share a global scope.
  return [...header, code, "export {};", ""].join("\n");
}

/** Strict like the examples, but a snippet may leave what it declares unused: it is shown, not run. */
function snippetOptions(): ts.CompilerOptions {
  const options = readProjectConfig(path.join(EXAMPLES_DIR, "quickstart", "tsconfig.json")).options;
  return { ...options, noUnusedLocals: false, noUnusedParameters: false, noEmit: true };
}

function checkBlocks(blocks: CodeBlock[]): Map<CodeBlock, string> {
  const options = snippetOptions();
  const exportsOfPackage = packageExports(options);
  const files = new Map<string, string>();
  const fileOf = new Map<CodeBlock, string>();
  blocks.forEach((block, index) => {
    // In the repository root so that module resolution finds node_modules as a real file would.
    const file = path.join(REPO_ROOT, `__readme_block_${index}.ts`);
    files.set(file, asModule(block.code, exportsOfPackage));
    fileOf.set(block, file);
  });
  const results = typeCheck([...files.keys()], options, files);
  const global = results.get("") ?? [];
  return new Map(
    blocks.map((block) => [block, formatDiagnostics([...global, ...(results.get(fileOf.get(block)!) ?? [])])]),
  );
}

describe("README code blocks", function () {
  this.timeout(120_000);
  const blocks = readmes().flatMap((file) =>
    typeScriptBlocks(path.relative(REPO_ROOT, file), fs.readFileSync(file, "utf8")),
  );
  let results: Map<CodeBlock, string>;

  before(() => {
    assertPackageBuilt();
    results = checkBlocks(blocks);
  });

  it("finds TypeScript blocks to check", () => {
    assert.ok(blocks.length > 0, "no ```ts block in README.md or examples/*/README.md");
  });

  for (const block of blocks) {
    it(`${block.file}:${block.line} type-checks`, () => {
      const diagnostics = results.get(block);
      assert.equal(diagnostics, "", `the block at ${block.file}:${block.line} does not type-check:\n${diagnostics}`);
    });
  }

  describe("the checker itself", () => {
    it("extracts ts and typescript blocks, indented ones too, and skips other languages", () => {
      const markdown = [
        "```sh",
        "pulumi up",
        "```",
        "```ts",
        "const a = 1;",
        "```",
        "- item",
        "  ```typescript",
        "  const b = 2;",
        "  ```",
        "````md",
        "```ts",
        "not a block of this file",
        "```",
        "````",
      ].join("\n");
      assert.deepEqual(typeScriptBlocks("x.md", markdown), [
        { file: "x.md", line: 4, code: "const a = 1;" },
        { file: "x.md", line: 8, code: "const b = 2;" },
      ]);
    });

    it("fails a block with a type error and passes a correct one", () => {
      const good: CodeBlock = {
        file: "good.md",
        line: 1,
        code: [
          "const config = new pulumi.Config();",
          'new SynchronizationAuthorization("scim", {',
          '  servicePrincipalId: config.require("servicePrincipalId"),',
          '  credentials: { SecretToken: config.requireSecret("token") },',
          "});",
        ].join("\n"),
      };
      const wrongType: CodeBlock = {
        ...good,
        file: "bad.md",
        code: good.code.replace('config.require("servicePrincipalId")', "42"),
      };
      const missingName: CodeBlock = { file: "missing.md", line: 1, code: "new SynchronizationAuthorization(app);" };
      const checked = checkBlocks([good, wrongType, missingName]);
      assert.equal(checked.get(good), "");
      assert.match(checked.get(wrongType)!, /error TS2322/);
      assert.match(checked.get(missingName)!, /Cannot find name 'app'/);
    });
  });
});
