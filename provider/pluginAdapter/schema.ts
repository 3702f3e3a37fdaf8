import { NAMESPACE, SETTINGS, sourcesOf, type SettingSpec } from "../config/configKeys";
import type { ObjectType, PropertySpec, PropertyType, ResourceDefinition } from "../core/resourceDefinition";
import { pluginPackage } from "../plugin/packageVersion";
import { RESOURCES } from "../resources/registry";
import { providerConfigKeys } from "./pluginConfig";

export const PACKAGE_NAME = NAMESPACE;

type SchemaProperty = Record<string, unknown>;

/** A property type as the schema writes it; object types by reference (listed once under `types`). */
function typeOf(type: PropertyType): SchemaProperty {
  switch (type.kind) {
    case "string":
    case "boolean":
    case "integer":
      return { type: type.kind };
    case "map":
      return { type: "object", additionalProperties: typeOf(type.of) };
    case "list":
      return { type: "array", items: typeOf(type.of) };
    case "object":
      return { $ref: `#/types/${type.token}` };
  }
}

function properties(specs: Record<string, PropertySpec>): Record<string, SchemaProperty> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { ...typeOf(spec.type), description: spec.description, ...(spec.secret ? { secret: true } : {}) },
    ]),
  );
}

/** An object type of the schema: its fields, the always-present ones required. */
function objectType(spec: ObjectType): SchemaProperty {
  const fields = Object.entries(spec.fields);
  const required = fields.filter(([, field]) => field.required).map(([name]) => name);
  return {
    type: "object",
    description: spec.description,
    properties: properties(Object.fromEntries(fields)),
    ...(required.length > 0 && { required }),
  };
}

/** Every object type the properties use, nested ones included, by token. */
function objectTypes(specs: readonly PropertySpec[], found = new Map<string, ObjectType>()): Map<string, ObjectType> {
  const visit = (type: PropertyType): void => {
    if (type.kind === "map" || type.kind === "list") visit(type.of);
    if (type.kind === "object" && !found.has(type.token)) {
      found.set(type.token, type);
      Object.values(type.fields).forEach((field) => visit(field.type));
    }
  };
  specs.forEach((spec) => visit(spec.type));
  return found;
}

function resourceSchema(resource: ResourceDefinition): SchemaProperty {
  return {
    description: resource.description,
    inputProperties: properties(resource.inputs),
    properties: properties(resource.outputs),
    required: [...resource.requiredOutputs],
    ...((resource.requiredInputs ?? []).length > 0 && { requiredInputs: [...(resource.requiredInputs ?? [])] }),
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
 * The package schema of `syncauth`, made from the tables the code uses: each registered resource's properties
 * (resources/registry.ts) and the provider's settings (SETTINGS). Nothing is listed twice. `repository`:
 * package.json's, where releases (and so the plugin's downloads) are.
 */
export function syncauthSchema(
  version = "0.0.0",
  repository = pluginPackage(__dirname).repository,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own checked inputs
  resources: readonly ResourceDefinition<any>[] = RESOURCES,
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
    types: Object.fromEntries(
      [
        ...objectTypes(
          RESOURCES.flatMap((resource) => [...Object.values(resource.inputs), ...Object.values(resource.outputs)]),
        ),
      ].map(([token, type]) => [token, objectType(type)]),
    ),
    resources: Object.fromEntries(resources.map((resource) => [resource.pluginType, resourceSchema(resource)])),
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
