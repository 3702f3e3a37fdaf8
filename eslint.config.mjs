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
  "resources",
  "core",
  "writeOnly",
  "graph",
  "auth",
  "config",
  "secrets",
];
const MAY_IMPORT = {
  dynamic: ["resources", "core", "config", "graph", "writeOnly", "auth", "secrets"],
  pluginAdapter: ["plugin", "resources", "core", "config", "graph", "writeOnly", "auth", "secrets"],
  plugin: ["secrets"],
  lifecycle: ["dynamic"],
  resources: ["core", "writeOnly", "graph", "auth", "config", "secrets"],
  core: ["writeOnly", "graph", "auth", "config", "secrets"],
  writeOnly: ["graph", "auth", "config", "secrets"],
  graph: ["auth", "config", "secrets"],
  auth: ["config", "secrets"],
  config: [],
  secrets: [],
};
const BELOW_THE_ADAPTERS = ["resources", "core", "writeOnly", "graph", "auth", "config", "secrets"];
/** A resource's program side (the class a program constructs) is the one file of its folder that imports Pulumi. */
const PROGRAM_SIDE = "provider/resources/*/program.ts";

function importRules(folder) {
  const forbidden = FOLDERS.filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other));
  const patterns = [
    {
      regex: `^(\\.\\./)+(${forbidden.join("|")})(/|$)`,
      message: `provider/${folder} may import only ${MAY_IMPORT[folder].join(", ") || "itself"} of ours (docs/ARCHITECTURE.md).`,
    },
    {
      regex: "^(\\.\\./)+index$",
      message: "Only programs import the public exports.",
    },
  ];
  if (folder === "dynamic" || folder === "pluginAdapter") {
    patterns.push({
      regex: "^(\\.\\./)+resources/(?!registry$)",
      message: `provider/${folder} knows no resource by name: it imports only resources/registry (docs/ARCHITECTURE.md).`,
    });
  }
  if (BELOW_THE_ADAPTERS.includes(folder)) {
    patterns.push({
      regex: "^@pulumi/",
      message: `provider/${folder} is below the adapters: no import of @pulumi/* (docs/ARCHITECTURE.md).`,
    });
  }
  return {
    files: [`provider/${folder}/**/*.ts`],
    ignores: folder === "resources" ? [PROGRAM_SIDE] : [],
    rules: { "no-restricted-imports": ["error", { patterns }] },
  };
}

/** The program side may import Pulumi and the dynamic door's serialized provider, and nothing else above it. */
const programSideRules = {
  files: [PROGRAM_SIDE],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: "^(\\.\\./)+(pluginAdapter|plugin|lifecycle|index)(/|$)|^(\\.\\./)+dynamic/(?!serializedProvider$)",
            message:
              "A resource's program side imports only Pulumi, its folder, the core and dynamic/serializedProvider.",
          },
        ],
      },
    ],
  },
};

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
  programSideRules,
  mutableModuleState,
);
