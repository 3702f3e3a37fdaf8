/**
 * What the engine passes a resource plugin on its command line: optional logging and tracing flags
 * (`--logtostderr`, `-v=<n>`, `--tracing <endpoint>`), then the engine's gRPC address
 * (`buildPluginArguments` in pulumi/pulumi `sdk/go/common/resource/plugin/plugin.go`). Flags this host does not
 * use are skipped, so a newer engine's extra flag does not stop the plugin.
 */
export interface PluginArguments {
  /** `127.0.0.1:<port>`, or undefined when started by hand. */
  engineAddress?: string;
  tracingEndpoint?: string;
}

/** Flags that take the next argument as their value. */
const FLAGS_WITH_VALUE = new Set(["--tracing", "-tracing"]);

export function parsePluginArguments(argv: readonly string[]): PluginArguments {
  const positional: string[] = [];
  let tracingEndpoint: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (FLAGS_WITH_VALUE.has(arg)) {
      tracingEndpoint = argv[++i];
    } else if (arg.startsWith("--tracing=")) {
      tracingEndpoint = arg.slice("--tracing=".length);
    } else if (!arg.startsWith("-")) {
      positional.push(arg);
    }
  }
  return { engineAddress: positional[0], tracingEndpoint };
}
