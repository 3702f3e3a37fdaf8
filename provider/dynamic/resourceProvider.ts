/**
 * The module the serialized provider of every released version requires (`pulumi-syncauth/dist/provider/dynamic/
 * resourceProvider`, and 0.1.0's through lifecycle/operations.ts): its exports are SynchronizationAuthorization's
 * dynamic provider methods. Do not move or rename; a new resource's serialized provider names its own entry of
 * resourceProviders.ts instead.
 */
import { dynamicProviders } from "./resourceProviders";

const provider = dynamicProviders.SynchronizationAuthorization;

export const { configure, check, diff, create, update, read, remove } = provider;
export { remove as delete };
