/**
 * Set by esbuild when the plugin is bundled (scripts/lib/bundlePlugin.ts): a single executable has no package.json
 * beside it, and inside one `__dirname` is the binary's folder, so the bundle carries the version it was built from.
 * provider/plugin reads the same definition itself (it imports nothing of ours).
 */
declare const __SYNCAUTH_BUNDLED_PACKAGE__: { version: string } | undefined;

export const BUNDLED_VERSION: string | undefined =
  typeof __SYNCAUTH_BUNDLED_PACKAGE__ === "object" ? __SYNCAUTH_BUNDLED_PACKAGE__.version : undefined;
