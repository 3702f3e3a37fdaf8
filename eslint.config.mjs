import tseslint from "typescript-eslint";

/**
 * The folders of provider/ and what each may import of ours (docs/ARCHITECTURE.md, "Folders and their one rule"):
 * arrows point down only, and the folders below the adapters import nothing from @pulumi/pulumi, so a second
 * adapter can reuse them whole.
 */
const FOLDERS = [
  "dynamic",
  "pluginAdapter",
  "plugin",
  "lifecycle",
  "core",
  "writeOnly",
  "graph",
  "auth",
  "config",
  "secrets",
];
const MAY_IMPORT = {
  dynamic: ["core", "config", "graph", "writeOnly", "auth", "secrets"],
  pluginAdapter: ["plugin", "core", "config", "graph", "writeOnly", "auth", "secrets"],
  plugin: [],
  lifecycle: ["dynamic"],
  core: ["writeOnly", "graph", "auth", "config", "secrets"],
  writeOnly: ["graph", "auth", "config", "secrets"],
  graph: ["auth", "config", "secrets"],
  auth: ["config", "secrets"],
  config: [],
  secrets: [],
};
const BELOW_THE_ADAPTERS = ["core", "writeOnly", "graph", "auth", "config", "secrets"];

function importRules(folder) {
  const forbidden = FOLDERS.filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other));
  const patterns = [
    {
      regex: `^(\\.\\./)+(${forbidden.join("|")})(/|$)`,
      message: `provider/${folder} may import only ${MAY_IMPORT[folder].join(", ") || "itself"} of ours (docs/ARCHITECTURE.md).`,
    },
    {
      regex: "^(\\.\\./)+(index|synchronizationAuthorization)$",
      message: "Only the program side imports the resource class and the public exports.",
    },
  ];
  if (BELOW_THE_ADAPTERS.includes(folder)) {
    patterns.push({
      regex: "^@pulumi/",
      message: `provider/${folder} is below the adapters: no import of @pulumi/* (docs/ARCHITECTURE.md).`,
    });
  }
  return { files: [`provider/${folder}/**/*.ts`], rules: { "no-restricted-imports": ["error", { patterns }] } };
}

/** Module-level state lives only in the adapters: the folders below them keep none. */
const MODULE_STATE = "Module-level mutable state belongs to an adapter (docs/ARCHITECTURE.md); pass it in a Session.";
const mutableModuleState = {
  files: BELOW_THE_ADAPTERS.map((folder) => `provider/${folder}/**/*.ts`),
  rules: {
    "no-restricted-syntax": [
      "error",
      { selector: "Program > VariableDeclaration[kind!='const']", message: MODULE_STATE },
      { selector: "Program > ExportNamedDeclaration > VariableDeclaration[kind!='const']", message: MODULE_STATE },
      {
        selector:
          ":matches(Program, Program > ExportNamedDeclaration) > VariableDeclaration > " +
          "VariableDeclarator:not([id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly(Set|Map)$/]) > " +
          "NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet)$/]",
        message: MODULE_STATE,
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: ["dist/**", "node_modules/**", ".pulumi-local/**", "sdk/**", "**/node_modules/**", "**/*.js", "**/*.mjs"],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Tests require() built modules by package name, as the serialized providers of state do.
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  ...FOLDERS.map(importRules),
  mutableModuleState,
);
