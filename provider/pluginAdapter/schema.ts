import { NAMESPACE, SETTINGS, sourcesOf, type SettingSpec } from "../config/configKeys";
import {
  INPUT_PROPERTY_SPECS,
  OBJECT_SHAPES,
  OUTPUT_PROPERTY_SPECS,
  REQUIRED_OUTPUTS,
  type ObjectSpec,
  type PropertyShape,
  type PropertySpec,
} from "../core/resourceProperties";
import { pluginPackage } from "../plugin/packageVersion";
import { providerConfigKeys } from "./pluginConfig";

export const PACKAGE_NAME = NAMESPACE;
const REFERENCE_TYPE = `${PACKAGE_NAME}:index:WriteOnlyCredentialReference`;
const RESOURCE_TYPE = `${PACKAGE_NAME}:index:SynchronizationAuthorization`;
const TEST_CONNECTION_TYPE = `${PACKAGE_NAME}:index:TestConnection`;
const CONNECTION_TEST_RESULT_TYPE = `${PACKAGE_NAME}:index:ConnectionTestResult`;

type SchemaProperty = Record<string, unknown>;

function typeOf(shape: PropertyShape): SchemaProperty {
  switch (shape) {
    case "string":
      return { type: "string" };
    case "stringMap":
      return { type: "object", additionalProperties: { type: "string" } };
    case "stringList":
      return { type: "array", items: { type: "string" } };
    case "referenceMap":
      return { type: "object", additionalProperties: { $ref: `#/types/${REFERENCE_TYPE}` } };
    case "testConnectionSettings":
      return { $ref: `#/types/${TEST_CONNECTION_TYPE}` };
    case "connectionTestResult":
      return { $ref: `#/types/${CONNECTION_TEST_RESULT_TYPE}` };
  }
}

function properties(specs: Record<string, PropertySpec>): Record<string, SchemaProperty> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { ...typeOf(spec.shape), description: spec.description, ...(spec.secret ? { secret: true } : {}) },
    ]),
  );
}

/** An object type of the schema from one of the core's object specs: its fields, the always-present ones required. */
function objectType(spec: ObjectSpec<string>): SchemaProperty {
  const fields = Object.entries(spec.fields);
  return {
    type: "object",
    description: spec.description,
    properties: Object.fromEntries(
      fields.map(([name, field]) => [name, { type: field.type, description: field.description }]),
    ),
    required: fields.filter(([, field]) => field.required).map(([name]) => name),
  };
}

/** A config key's description: where else the setting is read from (in the plugin: the environment only). */
function configDescription(setting: string, key: string): string {
  const spec = SETTINGS[setting as keyof typeof SETTINGS];
  const variables = sourcesOf(spec).filter((source) => !source.includes(":"));
  const own = key === spec.key ? `The ${setting} setting` : `A file whose content is the ${setting} setting`;
  return variables.length > 0 ? `${own}; when unset, read from ${variables.join(", ")}.` : `${own}.`;
}

/** The schema type of a setting's own key (its file-path variant is always a path, text). */
function settingType(setting: string): string {
  const spec: SettingSpec = SETTINGS[setting as keyof typeof SETTINGS];
  return spec.type ?? "string";
}

function configProperties(): Record<string, SchemaProperty> {
  return Object.fromEntries(
    [...providerConfigKeys()].map(([key, { secret, setting }]) => [
      key,
      {
        type: key === SETTINGS[setting as keyof typeof SETTINGS].key ? settingType(setting) : "string",
        description: configDescription(setting, key),
        ...(secret ? { secret: true } : {}),
      },
    ]),
  );
}

/** `owner/name` of a GitHub repository URL in any of npm's forms (`git+https://github.com/o/n.git`, `github:o/n`). */
export function githubRepository(repository: string): string {
  const found =
    /^(?:github:|(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      repository,
    );
  if (!found) throw new Error(`package.json's repository is not a GitHub repository: ${repository}`);
  return `${found[1]}/${found[2]}`;
}

/**
 * Where the engine downloads the plugin when a program needs it and it is not installed: the GitHub releases of
 * package.json's repository, asset `pulumi-resource-syncauth-v<version>-<os>-<arch>.tar.gz` (the name the release
 * workflow gives each target). The one place this is set; generated SDKs carry it from here.
 */
export function pluginDownloadUrl(repository: string): string {
  return `github://api.github.com/${githubRepository(repository)}`;
}

/**
 * The package schema of `syncauth`, made from the tables the code uses: the resource's properties
 * (core/resourceProperties.ts) and the provider's settings (SETTINGS). Nothing is listed twice. `repository`:
 * package.json's, where releases (and so the plugin's downloads) are.
 */
export function syncauthSchema(
  version = "0.0.0",
  repository = pluginPackage(__dirname).repository,
): Record<string, unknown> {
  if (repository === undefined) throw new Error("package.json has no repository: the schema needs one");
  const config = configProperties();
  const home = `https://github.com/${githubRepository(repository)}`;
  return {
    name: PACKAGE_NAME,
    version,
    displayName: "Entra provisioning authorization",
    description: "Authorizes the Microsoft Entra provisioning service with Graph's synchronization acquireAccessToken.",
    keywords: ["pulumi", "syncauth", "entra", "azuread", "provisioning", "scim", "category/cloud", "kind/native"],
    homepage: home,
    repository: home,
    publisher: "pulumi-syncauth",
    logoUrl: `https://raw.githubusercontent.com/${githubRepository(repository)}/main/docs/logo.svg`,
    license: "Apache-2.0",
    pluginDownloadURL: pluginDownloadUrl(repository),
    meta: { supportPack: true },
    config: { variables: config },
    provider: { description: "The syncauth provider.", inputProperties: config },
    types: {
      [REFERENCE_TYPE]: {
        type: "object",
        description: "Where the provider reads a write-only credential: set exactly one.",
        properties: {
          fromEnv: { type: "string", description: "An environment variable of the provider process." },
          fromFile: { type: "string", description: "An absolute path of a file holding the value." },
          fromKeyVault: { type: "string", description: "A Key Vault secret URL." },
        },
      },
      [TEST_CONNECTION_TYPE]: objectType(OBJECT_SHAPES.testConnectionSettings),
      [CONNECTION_TEST_RESULT_TYPE]: objectType(OBJECT_SHAPES.connectionTestResult),
    },
    resources: {
      [RESOURCE_TYPE]: {
        description:
          "Sends credentials to a provisioning job's synchronization secrets (acquireAccessToken) when created and when its inputs change.",
        inputProperties: properties(INPUT_PROPERTY_SPECS),
        properties: properties(OUTPUT_PROPERTY_SPECS),
        required: [...REQUIRED_OUTPUTS],
      },
    },
    language: {
      go: { importBasePath: "github.com/pulumi-syncauth/pulumi-syncauth/sdk/go/syncauth" },
      nodejs: { packageName: "pulumi-syncauth-sdk" },
      // pyproject.toml, the package version from the schema: what `python -m build` in the release workflow needs.
      python: { packageName: "pulumi_syncauth", respectSchemaVersion: true, pyproject: { enabled: true } },
      // The package references and Gradle build files the .NET and Java generators write only when asked.
      csharp: { rootNamespace: "Syncauth", packageReferences: { Pulumi: "3.*" }, respectSchemaVersion: true },
      java: { basePackage: "com.syncauth", buildFiles: "gradle", gradleNexusPublishPluginVersion: "2.0.0" },
    },
  };
}
