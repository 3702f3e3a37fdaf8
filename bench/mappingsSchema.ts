import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { AttributeMappings, type ObjectMappingArgs } from "../provider";

/**
 * Section 9's job: a schema of OBJECT_MAPPINGS object mappings × ATTRIBUTE_MAPPINGS attribute mappings, in the size of
 * a large real job (a gallery app's User mapping has a few dozen attribute mappings; here every one of three object
 * mappings has 60), and the AttributeMappings resource that owns all of it (wholeObjectMapping).
 */

export const OBJECT_NAMES = ["User", "Group", "Contact"] as const;
export const ATTRIBUTE_MAPPINGS = 60;
/** Of each object mapping's attribute mappings, this many have a function source (the rest an attribute). */
export const FUNCTIONS_PER_OBJECT_MAPPING = 10;

type Json = Record<string, unknown>;

export const targetAttributeName = (index: number) => `benchAttribute${String(index + 1).padStart(2, "0")}`;
const sourceAttribute = (index: number) => `extensionAttribute${(index % 15) + 1}`;

/** The source the program declares for attribute mapping `index`; `generation` changes the first function. */
function declaredSource(index: number, generation: number): string {
  if (index >= FUNCTIONS_PER_OBJECT_MAPPING) return `[${sourceAttribute(index)}]`;
  const separator = index === 0 && generation > 0 ? `-${generation}-` : "-";
  return `Join("${separator}", [${sourceAttribute(index)}], [${sourceAttribute(index + 1)}])`;
}

/**
 * The job's schema as a portal user left it before the stack took over: the editable rule maps the three objects
 * with ATTRIBUTE_MAPPINGS attribute mappings each, all from attributes, onto attributes the target directory defines.
 * (The emulator's template has User and Group; Contact is added to both directories.)
 */
export function largeSchema(schema: Json): Json {
  const directories = schema.directories as Json[];
  for (const directory of directories) {
    const objects = directory.objects as Json[];
    const model = (objects[0].attributes as Json[]).find(
      (attribute) => attribute.anchor !== true && attribute.type === "String",
    )!;
    for (const name of OBJECT_NAMES) {
      let object = objects.find((candidate) => candidate.name === name);
      if (object === undefined) {
        object = { ...structuredClone(objects[0]), name, attributes: [] };
        objects.push(object);
      }
      const attributes = object.attributes as Json[];
      for (let index = 0; index < ATTRIBUTE_MAPPINGS; index++) {
        attributes.push({ ...structuredClone(model), required: false, name: targetAttributeName(index) });
      }
      for (let index = 1; index <= 15; index++) {
        if (!attributes.some((attribute) => attribute.name === `extensionAttribute${index}`)) {
          attributes.push({ ...structuredClone(model), required: false, name: `extensionAttribute${index}` });
        }
      }
    }
  }
  const rule = (schema.synchronizationRules as Json[]).find((candidate) => candidate.editable === true)!;
  const template = (rule.objectMappings as Json[])[0];
  const model = (template.attributeMappings as Json[])[1];
  rule.objectMappings = OBJECT_NAMES.map((name) => ({
    ...structuredClone(template),
    name: `Provision ${name}s`,
    sourceObjectName: name,
    targetObjectName: name,
    scope: null,
    attributeMappings: Array.from({ length: ATTRIBUTE_MAPPINGS }, (_, index) => ({
      ...structuredClone(model),
      matchingPriority: 0,
      targetAttributeName: targetAttributeName(index),
      source: {
        expression: `[${sourceAttribute(index)}]`,
        name: sourceAttribute(index),
        parameters: [],
        type: "Attribute",
      },
    })),
  }));
  return schema;
}

/**
 * What the resource declares: every object mapping whole, FUNCTIONS_PER_OBJECT_MAPPING functions in each; `generation`
 * changes the first function of the first object mapping only.
 */
export function declaredObjectMappings(generation: number): ObjectMappingArgs[] {
  return OBJECT_NAMES.map((name, objectIndex) => ({
    sourceObjectName: name,
    targetObjectName: name,
    enabled: true,
    attributeMappings: Array.from({ length: ATTRIBUTE_MAPPINGS }, (_, index) => ({
      targetAttributeName: targetAttributeName(index),
      source: declaredSource(index, objectIndex === 0 ? generation : 0),
    })),
  }));
}

/** The plugin's AttributeMappings registered from TypeScript as a generated SDK does (no `__provider`). */
class PluginAttributeMappings extends pulumi.CustomResource {
  constructor(name: string, args: Record<string, unknown>) {
    super("syncauth:index:AttributeMappings", name, args);
  }
}

/** One resource owning the whole job; `generation` > 0 changes one function source (of the first object mapping). */
export class MappingsProgram {
  generation = 0;

  constructor(
    readonly kind: "dynamic" | "plugin",
    private readonly servicePrincipalId: string,
    private readonly jobId: string,
  ) {}

  args(): Record<string, unknown> {
    return {
      servicePrincipalId: this.servicePrincipalId,
      jobId: this.jobId,
      ownership: "wholeObjectMapping",
      objectMappings: declaredObjectMappings(this.generation),
    };
  }

  readonly program: PulumiFn = async () => {
    if (this.kind === "dynamic") {
      new AttributeMappings("mappings", this.args() as unknown as ConstructorParameters<typeof AttributeMappings>[1]);
    } else {
      new PluginAttributeMappings("mappings", this.args());
    }
  };
}
