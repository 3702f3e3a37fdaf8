/** A refused input: the property path (e.g. `credentials[2].key`) and what is wrong with it and how to fix it. */
export interface InputFailure {
  property: string;
  reason: string;
}
