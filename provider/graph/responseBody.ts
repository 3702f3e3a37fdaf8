/**
 * Reading what came back from Graph without trusting it: error bodies may be Graph's JSON, a proxy's HTML page or
 * nothing, and any text shown to the user is cut short and scrubbed of the secrets that were sent.
 */
import { WITHHELD_TEXT, leaksAny, redactSecrets } from "../secrets/redaction";

/** The fields of Graph's error JSON that errors report. */
export interface GraphErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
}

const MAX_INNER_ERROR_DEPTH = 5;

/**
 * Parses `{"error": {"code", "message", "innerError": {"request-id", "client-request-id", "date"}}}`.
 *
 * @returns undefined when the body is not Graph's error JSON (empty, HTML, another JSON shape).
 */
export function parseGraphErrorBody(body: string): GraphErrorBody | undefined {
  const error = field(parseJson(body), "error");
  const code = stringField(error, "code");
  if (code === undefined) {
    return undefined;
  }
  const result: GraphErrorBody = { code, message: stringField(error, "message") };
  // innerError nests in some answers; take the first of each id found on the way down.
  let inner = field(error, "innerError") ?? field(error, "innererror");
  for (let depth = 0; inner !== undefined && depth < MAX_INNER_ERROR_DEPTH; depth++) {
    result.requestId ??= stringField(inner, "request-id");
    result.clientRequestId ??= stringField(inner, "client-request-id");
    result.date ??= stringField(inner, "date");
    inner = field(inner, "innerError") ?? field(inner, "innererror");
  }
  return result;
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function stringField(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === "string" ? found : undefined;
}

/** Whether a success body is a JSON object with a `value` list, as every Graph collection answers. */
export function isCollection(body: string): boolean {
  const parsed = parseJson(body);
  return typeof parsed === "object" && parsed !== null && Array.isArray((parsed as { value?: unknown }).value);
}

/**
 * Object ids in a `$filter=appId eq '…'` answer, keeping only items whose appId (when given) matches.
 *
 * @returns undefined when the body is not a JSON object with a `value` list.
 */
export function objectIdsWithAppId(body: string, appId: string): string[] | undefined {
  const parsed = parseJson(body);
  const value = typeof parsed === "object" && parsed !== null ? (parsed as { value?: unknown }).value : undefined;
  if (!Array.isArray(value)) {
    return undefined;
  }
  return value
    .filter((item): item is { id: string; appId?: unknown } => typeof item?.id === "string")
    .filter((item) => typeof item.appId !== "string" || item.appId.toLowerCase() === appId.toLowerCase())
    .map((item) => item.id);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What is shown instead of the whole text when redaction alone cannot be trusted: shorter than any secret that is
 * searched for, so it cannot spell one.
 */
export const WITHHELD = "[…]";

/** Long enough to recognise a proxy's page title or a gateway message, short enough never to be a dump. */
export const EXCERPT_LENGTH = 120;

/**
 * A one-line excerpt of a body that is not Graph's error JSON: markup and control characters dropped,
 * whitespace collapsed, secrets redacted, then cut to {@link EXCERPT_LENGTH} characters.
 */
export function bodyExcerpt(body: string, secrets: readonly string[]): string {
  // Redact before stripping markup too: a secret containing "<" would otherwise lose its middle and survive in parts.
  const text = redactSecrets(body, secrets)
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ");
  return withheldIfLeaking(oneLine(redactSecrets(text, secrets), EXCERPT_LENGTH), secrets);
}

/** Graph's own messages are short; the cap only guards against a body that is not really Graph's. */
export const GRAPH_MESSAGE_LENGTH = 400;

/** Graph's `error.message`, scrubbed of sent secrets and kept to one line. */
export function cleanGraphMessage(message: string, secrets: readonly string[]): string {
  return withheldIfLeaking(oneLine(redactSecrets(message, secrets), GRAPH_MESSAGE_LENGTH), secrets);
}

/** Header values and ids shown in messages (request-id, date, Retry-After) are short; anything longer is not. */
export const SHORT_VALUE_LENGTH = 100;

/** A header or id value from the answer, as shown in a message: one short line, and never a sent secret. */
export function shortValue(value: string | undefined, secrets: readonly string[]): string | undefined {
  return value === undefined ? undefined : withheldIfLeaking(oneLine(value, SHORT_VALUE_LENGTH), secrets);
}

/**
 * The last word on what is shown. Stripping markup and collapsing whitespace can join pieces into a secret, and
 * the redaction marker beside other text can spell one ("dact" is in "[redacted]"); then none of the text is shown.
 */
function withheldIfLeaking(text: string, secrets: readonly string[]): string {
  return text !== WITHHELD_TEXT && leaksAny(text, secrets) ? WITHHELD : text;
}

function oneLine(text: string, maxLength: number): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength)}…` : flat;
}

/** The media type of a Content-Type header (parameters dropped), short enough for a message. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(";")[0]?.trim();
  return type === undefined || type === "" ? undefined : oneLine(type, 80);
}
