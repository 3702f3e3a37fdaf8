import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dependencyClosure } from "../../scripts/lib/dependencyClosure";
import { LocalStack } from "../../scripts/lib/localStack";
import { launcherScript, nodeVariable } from "../../scripts/lib/pluginLauncher";
import { PROJECT_ROOT } from "../../scripts/lib/pulumiCli";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { packagePlugin, PackagedPlugin, pluginArchiveName } from "../../scripts/package-plugin";
import { EchoWorld, echoProgram, node22Path, SYNCTEST_SOURCE } from "../plugin/synctest/synctestPlugin";

/** What the synctest plugin needs at run time: the gRPC host's packages and @pulumi/pulumi's stubs. */
const SYNCTEST_PACKAGES = ["@grpc/grpc-js", "google-protobuf", "@pulumi/pulumi"];

describe("scripts/package-plugin.ts", function () {
  this.timeout(180_000);

  it("names the tarball the way the engine asks a download URL for it (Go's os and arch names)", () => {
    assert.equal(
      pluginArchiveName("syncauth", "0.1.0", "linux", "x64"),
      "pulumi-resource-syncauth-v0.1.0-linux-amd64.tar.gz",
    );
    assert.equal(
      pluginArchiveName("syncauth", "0.1.0", "darwin", "arm64"),
      "pulumi-resource-syncauth-v0.1.0-darwin-arm64.tar.gz",
    );
    assert.equal(pluginArchiveName("x", "1.0.0", "win32", "x64"), "pulumi-resource-x-v1.0.0-windows-amd64.tar.gz");
    assert.throws(() => pluginArchiveName("x", "1.0.0", "linux", "ia32"), /no Pulumi plugin name for linux-ia32/);
  });

  it("follows run-time dependencies, except into packages shipped in part", () => {
    const names = (dirs: string[]) => dirs.map((dir) => path.relative(path.join(PROJECT_ROOT, "node_modules"), dir));
    const grpc = names(dependencyClosure(["@grpc/grpc-js"], PROJECT_ROOT));
    assert.ok(grpc.includes("@grpc/grpc-js") && grpc.includes("@grpc/proto-loader"), grpc.join(", "));
    const shallow = names(dependencyClosure(["@pulumi/pulumi"], PROJECT_ROOT, new Set(["@pulumi/pulumi"])));
    assert.deepEqual(shallow, ["@pulumi/pulumi"]);
    assert.throws(() => dependencyClosure(["no-such-package-here"], PROJECT_ROOT), /no-such-package-here.*npm ci/);
  });

  it("the launcher refuses a Node.js older than 22 and says what to set", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "launcher-"));
    try {
      const launcher = path.join(dir, "pulumi-resource-synctest");
      fs.writeFileSync(path.join(dir, "entry.js"), "console.log('entry ran with', process.argv.slice(2).join(' '))");
      fs.writeFileSync(launcher, launcherScript("synctest", "entry.js"), { mode: 0o755 });
      const old = spawnSync(launcher, ["127.0.0.1:1"], {
        env: { ...process.env, PATH: path.dirname(process.execPath) },
      });
      if (Number(process.versions.node.split(".")[0]) < 22) {
        assert.equal(old.status, 1);
        assert.match(old.stderr.toString(), /needs Node\.js >= 22, 'node' is v\d+.*set PULUMI_SYNCTEST_NODE/);
      }
      const newer = spawnSync(launcher, ["127.0.0.1:1"], {
        env: { ...process.env, [nodeVariable("synctest")]: node22Path() },
      });
      assert.equal(newer.status, 0, newer.stderr.toString());
      assert.equal(newer.stdout.toString(), "entry ran with 127.0.0.1:1\n");
      const missing = spawnSync(launcher, [], { env: { ...process.env, PULUMI_SYNCTEST_NODE: "/no/such/node" } });
      assert.equal(missing.status, 1);
      assert.match(missing.stderr.toString(), /cannot run '\/no\/such\/node'; set PULUMI_SYNCTEST_NODE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("a synctest tarball installed with 'pulumi plugin install --file'", () => {
    let outside: string;
    let packaged: PackagedPlugin;
    let stack: LocalStack;
    let world: EchoWorld;

    before(async () => {
      // Outside the project, so the installed plugin cannot fall back on the project's node_modules.
      outside = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-install-"));
      packaged = packagePlugin({ ...SYNCTEST_SOURCE, outDir: path.join(outside, "out"), packages: SYNCTEST_PACKAGES });
      stack = await LocalStack.create({
        projectName: "synctest-installed",
        projectFile: echoProgram("synctest-installed"),
        env: {
          PATH: pathWithYamlHost(),
          // The only synctest there is: no plugins.providers path in the program, none on PATH.
          PULUMI_HOME: path.join(outside, "home"),
        },
      });
      world = new EchoWorld(outside);
      Object.assign(stack.env, world.env());
    });

    after(() => {
      stack?.dispose();
      if (outside) fs.rmSync(outside, { recursive: true, force: true });
    });

    it("holds the launcher, the compiled entry, a package.json with the version and only what runs", () => {
      assert.equal(path.basename(packaged.tarball), "pulumi-resource-synctest-v0.0.1-linux-amd64.tar.gz");
      const listing = execFileSync("tar", ["-tvzf", packaged.tarball], { encoding: "utf8" }).split("\n");
      const names = listing.map((line) => line.split(/\s+/).pop() ?? "");
      assert.match(listing.find((line) => line.endsWith(" ./pulumi-resource-synctest")) ?? "", /^-rwxr-xr-x/);
      for (const file of [
        "./package.json",
        "./dist/test/plugin/synctest/main.js",
        "./dist/provider/plugin/servePlugin.js",
      ]) {
        assert.ok(names.includes(file), `${file} is in the tarball`);
      }
      assert.deepEqual(
        names.filter((name) => !name.includes("/node_modules/") && /\.(ts|map)$/.test(name)),
        [],
        "no sources or source maps of the plugin's own code",
      );
      const pulumiFiles = names.filter(
        (name) => name.startsWith("./node_modules/@pulumi/pulumi/") && !name.endsWith("/"),
      );
      assert.ok(pulumiFiles.length > 0);
      assert.deepEqual(
        pulumiFiles.filter(
          (name) => !/^\.\/node_modules\/@pulumi\/pulumi\/(proto\/|package\.json$|LICENSE$)/.test(name),
        ),
        [],
        "of @pulumi/pulumi only the protocol stubs",
      );
    });

    it("installs into a fresh PULUMI_HOME and runs a YAML program from there", async () => {
      await stack.must(["plugin", "install", "resource", "synctest", "0.0.1", "--file", packaged.tarball]);
      const installed = path.join(outside, "home", "plugins", "resource-synctest-v0.0.1", "pulumi-resource-synctest");
      fs.accessSync(installed, fs.constants.X_OK);
      const plugins = JSON.parse((await stack.must(["plugin", "ls", "--json"])).stdout) as {
        name: string;
        version: string;
      }[];
      assert.deepEqual(
        plugins.map((p) => `${p.name}@${p.version}`),
        ["synctest@0.0.1"],
      );

      await stack.setConfig("message", "from the tarball");
      await stack.setConfig("token", "not-a-real-secret", { secret: true });
      const up = await stack.up();
      assert.equal(up.code, 0, up.stdout + up.stderr);
      assert.deepEqual(Object.values(world.records()), ["from the tarball"]);
      assert.deepEqual(
        world.takeCalls().filter((c) => /create|update/.test(c)),
        ["create"],
      );
      const destroy = await stack.destroy();
      assert.equal(destroy.code, 0, destroy.stdout + destroy.stderr);
      assert.deepEqual(world.records(), {});
    });
  });
});
