/**
 * How the engine encodes what JSON cannot say inside a `google.protobuf.Struct` (the provider protocol's property
 * bags). The values are fixed by the engine: `sdk/go/common/resource/properties.go` and `sig/sig.go` in
 * pulumi/pulumi, mirrored by `@pulumi/pulumi/runtime/rpc` (not imported here: loading the whole SDK runtime would
 * slow every plugin start for five strings).
 */

/** The key of a map that is not a plain map but a typed value; its value says which type. */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";

/** `{ [SIGNATURE_KEY]: SECRET_SIGNATURE, value: <the secret value> }` */
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * `{ [SIGNATURE_KEY]: OUTPUT_VALUE_SIGNATURE, value?, secret?, dependencies? }`: sent only to providers that accept
 * outputs; decoded anyway so a value is never misread as a map.
 */
export const OUTPUT_VALUE_SIGNATURE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** A value not known yet travels as this exact string. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
