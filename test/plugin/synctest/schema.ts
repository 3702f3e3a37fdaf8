/**
 * The schema of `synctest`, a provider that exists only to test the plugin host end to end: one resource,
 * `synctest:index:Echo`, that echoes its inputs, keeps a record per resource in a directory (its "cloud"), and
 * takes one setting from the stack's configuration (`synctest:prefix`). Written by hand: it is test data.
 */
export const SYNCTEST_SCHEMA = {
  name: "synctest",
  version: "0.0.1",
  // SDKs that `pulumi package pack-sdk` can build: the Go SDK gets its own go.mod, the Python one a pyproject.toml.
  meta: { supportPack: true },
  displayName: "Plugin host test provider",
  description: "A test-only provider for the plugin host's end-to-end tests.",
  config: {
    variables: {
      prefix: { type: "string", description: "Put in front of every greeting." },
    },
  },
  provider: {
    inputProperties: {
      prefix: { type: "string", description: "Put in front of every greeting." },
    },
  },
  resources: {
    "synctest:index:Echo": {
      description: "Echoes its inputs.",
      inputProperties: {
        message: { type: "string", description: "At most 40 characters." },
        token: { type: "string", secret: true, description: "Echoed back, secret." },
      },
      requiredInputs: ["message"],
      properties: {
        message: { type: "string" },
        token: { type: "string", secret: true },
        greeting: { type: "string", description: "The configured prefix and the message." },
        length: { type: "integer", description: "The message's length, known after create." },
        receipt: { type: "string", secret: true, description: "A secret the provider makes up." },
      },
      required: ["message", "greeting", "length", "receipt"],
    },
  },
  language: {
    go: { importBasePath: "example.com/synctest/sdk/go/synctest" },
    java: { basePackage: "com.example" },
    nodejs: { packageName: "@example/synctest" },
    python: { packageName: "example_synctest" },
    csharp: { rootNamespace: "Example" },
  },
};
