/**
 * The program side of every resource, one line each: the classes a program constructs and their argument types.
 * Kept apart from the registry, which the adapters load: a provider process never loads the program side.
 */
export * from "./synchronizationAuthorization/program";
export * from "./attributeMappings/program";
