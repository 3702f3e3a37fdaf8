/** The dynamic provider of every registered resource, by the resource's name. */
import { RESOURCES } from "../resources/registry";
import { dynamicProviderFor, type DynamicProvider } from "./dynamicProvider";

export const dynamicProviders: Readonly<Record<string, DynamicProvider>> = Object.fromEntries(
  RESOURCES.map((resource) => [resource.name, dynamicProviderFor(resource)]),
);
