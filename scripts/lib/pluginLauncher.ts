/** The oldest Node.js a plugin runs on: @pulumi/pulumi (whose protocol stubs the plugin loads) declares >=22. */
export const MIN_NODE_MAJOR = 22;

/** The environment variable that names the node binary a plugin runs on, e.g. PULUMI_SYNCAUTH_NODE. */
export function nodeVariable(pluginName: string): string {
  return `PULUMI_${pluginName.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_NODE`;
}

/**
 * The `pulumi-resource-<name>` executable the engine starts: a POSIX shell script that runs the plugin's built
 * entry file (a path relative to the script) with a Node.js of at least MIN_NODE_MAJOR, the one named by
 * PULUMI_<NAME>_NODE or else `node` on PATH. It refuses an older node with a message saying what to set, rather
 * than let the plugin fail later in a way that names no cause.
 */
export function launcherScript(pluginName: string, entry: string): string {
  const variable = nodeVariable(pluginName);
  const self = `pulumi-resource-${pluginName}`;
  return `#!/bin/sh
# ${self}: the Pulumi engine starts this to run the ${pluginName} provider on Node.js >= ${MIN_NODE_MAJOR}.
# ${variable} names the node binary to use; default: node on PATH.
node="\${${variable}:-node}"
here=$(dirname "$(readlink -f "$0" 2>/dev/null || echo "$0")")
# node --version prints vX.Y.Z without starting JavaScript: a few ms, where node -p costs a whole start-up.
version=$("$node" --version 2>/dev/null) || version=
major=\${version#v}
major=\${major%%.*}
case "$major" in
  '' | *[!0-9]*)
    echo "${self}: cannot run '$node'; set ${variable} to a Node.js ${MIN_NODE_MAJOR} (or later) binary" >&2
    exit 1
    ;;
esac
if [ "$major" -lt ${MIN_NODE_MAJOR} ]; then
  echo "${self}: needs Node.js >= ${MIN_NODE_MAJOR}, '$node' is $version; set ${variable} to a newer node" >&2
  exit 1
fi
exec "$node" "$here/${entry}" "$@"
`;
}
