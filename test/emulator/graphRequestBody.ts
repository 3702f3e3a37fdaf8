import { headerValue, type EmulatorRequest } from "./exchange";

/**
 * The JSON object a Graph action takes as its body, or why the body is not one (Content-Type, empty, not JSON, not
 * an object, or a property the action's body type lacks).
 */
export function jsonObjectBody(
  request: EmulatorRequest,
  bodyType: string,
  properties: readonly string[],
): { body: Record<string, unknown> } | { problem: string } {
  const contentType = headerValue(request.headers, "content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    return { problem: `Content-Type must be application/json, got '${contentType}'.` };
  }
  const expected = `a JSON object with ${properties.map((name) => `'${name}'`).join(" or ")}`;
  if (request.rawBody.length === 0) return { problem: `Request body is empty; expected ${expected}.` };
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return { problem: "Request body is not valid JSON." };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { problem: `Request body must be ${expected}.` };
  }
  const unexpected = Object.keys(body).filter((name) => !properties.includes(name));
  if (unexpected.length > 0) {
    return { problem: `Property '${unexpected[0]}' does not exist on type '${bodyType}'.` };
  }
  return { body: body as Record<string, unknown> };
}
