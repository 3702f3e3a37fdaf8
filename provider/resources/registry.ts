/**
 * The resources this package serves, one line each: the plugin adapter routes requests by type token through this
 * list, and the schema lists what it lists.
 */
import type { ResourceDefinition } from "../core/resourceDefinition";
import { attributeMappings } from "./attributeMappings/definition";
import { synchronizationAuthorization } from "./synchronizationAuthorization/definition";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own checked inputs
export const RESOURCES: readonly ResourceDefinition<any>[] = [synchronizationAuthorization, attributeMappings];
