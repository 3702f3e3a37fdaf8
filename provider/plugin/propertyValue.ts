/**
 * The values a provider's handlers see and return: plain JSON-like data, plus two explicit markers the engine's
 * property model has and JSON has not — a secret (a value to keep encrypted in state and hidden in output) and an
 * unknown (a value not decided yet, as in a preview). Both are class instances, so no user map can be mistaken for
 * one of them.
 */
export type PropertyValue = null | boolean | number | string | PropertyValue[] | PropertyMap | Secret | Unknown;

export interface PropertyMap {
  [key: string]: PropertyValue;
}

/** A value the engine must keep secret. Its `toString`/`toJSON` never print the value, so a stray log cannot leak it. */
export class Secret {
  constructor(readonly value: PropertyValue) {}

  toString(): string {
    return "[secret]";
  }

  toJSON(): string {
    return "[secret]";
  }
}

/** A value not known yet (inputs during preview; outputs a preview cannot predict). */
export class Unknown {
  private constructor() {}

  /** The one instance: unknowns carry no information. */
  static readonly instance = new Unknown();

  toString(): string {
    return "[unknown]";
  }

  toJSON(): string {
    return "[unknown]";
  }
}

export const unknown = Unknown.instance;

export function secret(value: PropertyValue): Secret {
  return value instanceof Secret ? value : new Secret(value);
}

export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export function isPropertyMap(value: unknown): value is PropertyMap {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isSecret(value) && !isUnknown(value);
}

/** True when the value is or holds a secret at any depth. */
export function containsSecrets(value: PropertyValue): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPropertyMap(value)) return Object.values(value).some(containsSecrets);
  return false;
}

/** True when the value is or holds an unknown at any depth (secrets are looked into). */
export function containsUnknowns(value: PropertyValue): boolean {
  if (isUnknown(value)) return true;
  if (isSecret(value)) return containsUnknowns(value.value);
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (isPropertyMap(value)) return Object.values(value).some(containsUnknowns);
  return false;
}

/**
 * The value with every secret marker removed, for code that needs the plain data (validation, the call itself).
 * Unknowns stay: a caller that cannot handle them must check `containsUnknowns` first.
 */
export function reveal(value: PropertyValue): Exclude<PropertyValue, Secret> {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (isPropertyMap(value)) return revealMap(value);
  return value;
}

export function revealMap(map: PropertyMap): PropertyMap {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, reveal(value)]));
}

/**
 * Every string held in a secret, at any depth: the texts an error message must never carry. Secret numbers and
 * booleans are left out: "true" or "1" cannot be told apart from ordinary words and digits in a message.
 */
export function secretStrings(value: PropertyValue, insideSecret = false): string[] {
  if (isSecret(value)) return secretStrings(value.value, true);
  if (typeof value === "string") return insideSecret && value !== "" ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => secretStrings(item, insideSecret));
  if (isPropertyMap(value)) return Object.values(value).flatMap((item) => secretStrings(item, insideSecret));
  return [];
}
