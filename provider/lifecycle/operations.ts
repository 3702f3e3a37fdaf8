/**
 * The module the serialized provider of version 0.1.0 requires (`pulumi-syncauth/dist/provider/lifecycle/operations`),
 * kept so that stacks it wrote keep working: each of its seven methods calls the function of the same name here
 * (`remove` for delete). Until such a resource is updated, which stores the current serialized provider, its
 * operations arrive here. Do not move or rename.
 */
export { check, configure, create, diff, read, remove, update } from "../dynamic/resourceProvider";
