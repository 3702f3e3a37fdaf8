import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_PROVIDERS_MODULE, serializedProviderFor } from "../../dynamic/serializedProvider";
import type { FlowBehavior, FlowType, Ownership, ReleaseMode } from "./declarations";
import { Claims } from "../../core/claims";
import { checkInputs } from "./inputs/checkInputs";
import { claimKeys, describeClaim } from "./mappingClaims";

/** The dynamic-provider type token: `pulumi-nodejs:dynamic/<module>:<type>`. */
const TYPE_TOKEN = "pulumi-nodejs:dynamic/syncauth:AttributeMappings";

const SERIALIZED_PROVIDER = serializedProviderFor(RESOURCE_PROVIDERS_MODULE, "AttributeMappings");

export interface AttributeMappingArgs {
  /** The target object's attribute, e.g. "externalId". */
  targetAttributeName: pulumi.Input<string>;
  /**
   * An expression: an attribute in brackets (`"[employeeId]"`), a constant in double quotes (`'"Sales"'`), or a
   * function (`'Join(" ", [givenName], [surname])'`). Its syntax is checked in preview; Graph checks it at `up`.
   */
  source: pulumi.Input<string>;
  /** Default "Always". */
  flowType?: pulumi.Input<FlowType>;
  /** Default "FlowWhenChanged". */
  flowBehavior?: pulumi.Input<FlowBehavior>;
  /** 0 (default): not matched on; 1: the first matching attribute; 2: the next. */
  matchingPriority?: pulumi.Input<number>;
  /** Written when the source is empty. */
  defaultValue?: pulumi.Input<string>;
  exportMissingReferences?: pulumi.Input<boolean>;
}

export interface ScopingClauseArgs {
  sourceOperandName: pulumi.Input<string>;
  /** Graph's operator name: "EQUALS", "NOT EQUALS", "IS TRUE", "IS FALSE", "IS NULL", "REGEX MATCH", … */
  operatorName: pulumi.Input<string>;
  values?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface ScopingGroupArgs {
  name?: pulumi.Input<string>;
  /** All must hold. */
  clauses: pulumi.Input<pulumi.Input<ScopingClauseArgs>[]>;
}

export interface ObjectMappingArgs {
  /** e.g. "User". */
  sourceObjectName: pulumi.Input<string>;
  /** e.g. "User". */
  targetObjectName: pulumi.Input<string>;
  /** Only when two editable rules map the same objects. */
  ruleId?: pulumi.Input<string>;
  sourceDirectoryName?: pulumi.Input<string>;
  targetDirectoryName?: pulumi.Input<string>;
  /** Unset: left as it is (declaredMappings) or true (wholeObjectMapping). */
  enabled?: pulumi.Input<boolean>;
  /** An object is in scope when any group holds; [] for all. Unset: left as it is (declaredMappings) or none (wholeObjectMapping). */
  scopingFilter?: pulumi.Input<pulumi.Input<ScopingGroupArgs>[]>;
  attributeMappings: pulumi.Input<pulumi.Input<AttributeMappingArgs>[]>;
}

export interface AttributeMappingsArgs {
  /** Object id of the service principal (the enterprise application). Set exactly one of this and `applicationId`. */
  servicePrincipalId?: pulumi.Input<string>;
  applicationId?: pulumi.Input<string>;
  /** The provisioning job's id; `azuread.SynchronizationJob`'s `id` is accepted too. */
  jobId: pulumi.Input<string>;
  /** Default "v1.0". */
  apiVersion?: pulumi.Input<"v1.0" | "beta">;
  /**
   * "declaredMappings" (default): only the attribute mappings listed (and `enabled`/`scopingFilter` when set) are
   * managed; "wholeObjectMapping": each object mapping is what is declared, other attribute mappings are removed.
   */
  ownership?: pulumi.Input<Ownership>;
  /** "restoreTemplateDefaults" (default) or "leave": what destroy, or removing a declaration, does to what was owned. */
  whenReleased?: pulumi.Input<ReleaseMode>;
  objectMappings: pulumi.Input<pulumi.Input<ObjectMappingArgs>[]>;
}

/**
 * What each AttributeMappings of this program claims, by resource name: the dynamic provider's check does not learn
 * which resource it checks, so two resources claiming one attribute mapping are refused here, once their inputs are
 * known (the plugin refuses them in check).
 */
const claimsOfThisProgram = new Claims();

function refuseSharedClaims(name: string, inputs: Record<string, unknown>): void {
  const checked = checkInputs(inputs).inputs;
  if (checked === undefined) return;
  const [conflict] = claimsOfThisProgram.claim(name, claimKeys(checked));
  if (conflict !== undefined) {
    throw new Error(
      `AttributeMappings ${JSON.stringify(name)} claims ${describeClaim(conflict.key)}, which ` +
        `${JSON.stringify(conflict.heldBy)} claims too: two resources writing one attribute mapping would undo each ` +
        `other on every up; keep it in one of them.`,
    );
  }
}

/**
 * A provisioning job's attribute mappings as code: the portal's Provisioning → Mappings page. Writes the job's
 * synchronization schema at `up` (read, Graph's check of each changed expression, one write, a confirming read);
 * previews check every expression locally with no Graph call.
 */
export class AttributeMappings extends pulumi.CustomResource {
  /** "servicePrincipals/<id>" or "applications/<id>". */
  declare public readonly target: pulumi.Output<string>;
  declare public readonly jobId: pulumi.Output<string>;
  declare public readonly ownership: pulumi.Output<string>;
  /** What Graph holds of the owned part of each object mapping, as of the last write or refresh. */
  declare public readonly objectMappings: pulumi.Output<unknown[]>;
  /** ISO-8601 UTC time the resource last replaced the job's schema. */
  declare public readonly lastWrittenAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: AttributeMappingsArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = {
      servicePrincipalId: args.servicePrincipalId,
      applicationId: args.applicationId,
      jobId: args.jobId,
      apiVersion: args.apiVersion,
      ownership: args.ownership,
      whenReleased: args.whenReleased,
      objectMappings: pulumi.output(args.objectMappings),
    };
    const claimed = pulumi.output(inputs).apply((known) => {
      refuseSharedClaims(name, known as Record<string, unknown>);
      return known.objectMappings;
    });
    super(
      TYPE_TOKEN,
      name,
      {
        __provider: SERIALIZED_PROVIDER,
        ...inputs,
        objectMappings: claimed,
        target: undefined,
        lastWrittenAt: undefined,
      },
      opts,
    );
  }
}
