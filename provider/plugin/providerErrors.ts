import type { PropertyMap } from "./propertyValue";

/** How a deliberate refusal reaches the engine (a gRPC status code); the CLI shows the message either way. */
export type ProviderErrorCode = "invalidArgument" | "failedPrecondition" | "notFound" | "unavailable" | "internal";

/**
 * A failure the handler explains itself: the message is shown to the user as it is (secrets of the request are
 * still removed from it, as from any error).
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly code: ProviderErrorCode = "internal",
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/**
 * Create or update got far enough to change the resource but did not finish: the engine saves `id` and `outputs`
 * with `reasons` as the resource's init errors and the next `pulumi up` tries again (it calls update). Use it when
 * something was applied, so state is not lost; use a plain error when nothing was.
 */
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly outputs: PropertyMap,
    readonly reasons: string[] = [message],
  ) {
    super(message);
    this.name = "ResourceInitError";
  }
}
