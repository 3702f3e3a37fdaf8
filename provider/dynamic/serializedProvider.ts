/**
 * The module the serialized provider loads, by package name. It must stay at this path: state written by this
 * version requires it for as long as the stack lives.
 */
const PACKAGE_NAME = "pulumi-syncauth";

export const PROVIDER_MODULE = "pulumi-syncauth/dist/provider/dynamic/resourceProvider";

/** The module whose `dynamicProviders` holds every resource's provider by name: what a new resource's text names. */
export const RESOURCE_PROVIDERS_MODULE = "pulumi-syncauth/dist/provider/dynamic/resourceProviders";

/**
 * The text stored as `__provider` with every resource, once in its inputs and once in its outputs. The
 * dynamic-provider host evaluates it and calls `handler()` for the provider object, whose methods it then calls:
 * here a single `require` of {@link PROVIDER_MODULE}, whose exports are those methods (with a fallback when it is
 * not installed, see {@link serializedProviderFor}). Written out rather than
 * produced by Pulumi's closure serializer, which would store the source of every method; so it stays small, names
 * no path of this machine, and captures nothing that signs in: configuration and credentials reach the provider
 * process through `configure`.
 */
export const SERIALIZED_PROVIDER = serializedProviderFor(PROVIDER_MODULE);

/**
 * The serialized provider for a module (for `resourceName`, that resource's entry of the module's `dynamicProviders`;
 * without, the module's exports are the provider). When the package is no longer installed (a project that dropped it while
 * its resources are still in state), `configure` and `delete` need nothing of it — delete has nothing to do, Graph
 * cannot withdraw an authorization — so `destroy` and an `up` that removes the resources still succeed, and `read`
 * keeps each resource as it is, with no change (refresh cannot look without the package, and diffs what it read);
 * check, create and update fail naming the package to install. Only the package itself missing counts: a
 * dependency missing from an installed package fails as it is, or diff would plan no change.
 */
export function serializedProviderFor(module: string, resourceName?: string): string {
  const fix = `${PACKAGE_NAME} is not installed: run npm install ${PACKAGE_NAME} in the project`;
  const provider = resourceName === undefined ? "" : `.dynamicProviders[${JSON.stringify(resourceName)}]`;
  return (
    `exports.handler = () => { try { return require(${JSON.stringify(module)})${provider}; } catch (e) { ` +
    `if (e.code !== "MODULE_NOT_FOUND" || !String(e.message).startsWith(${JSON.stringify(`Cannot find module '${module}'`)})) throw e; const no = async () => { throw new Error(${JSON.stringify(fix)}); }; ` +
    `return { configure: async () => {}, delete: async () => {}, check: no, diff: async () => ({ changes: false }), create: no, update: no, read: async (id, props) => ({ id, props }) }; } };\n`
  );
}
