/**
 * The module the serialized provider loads, by package name. It must stay at this path: state written by this
 * version requires it for as long as the stack lives.
 */
export const PROVIDER_MODULE = "pulumi-syncauth/dist/provider/dynamic/resourceProvider";

/**
 * The text stored as `__provider` with every resource, once in its inputs and once in its outputs. The
 * dynamic-provider host evaluates it and calls `handler()` for the provider object, whose methods it then calls:
 * here a single `require` of {@link PROVIDER_MODULE}, whose exports are those methods. Written out rather than
 * produced by Pulumi's closure serializer, which would store the source of every method; so it stays small, names
 * no path of this machine, and captures nothing that signs in: configuration and credentials reach the provider
 * process through `configure`.
 */
export const SERIALIZED_PROVIDER = `exports.handler = () => require(${JSON.stringify(PROVIDER_MODULE)});\n`;
