import axios, { type AxiosResponse } from "axios";
import { SECRET_KEY_VALUE_PAIR_TYPE } from "./credentialPairs";

/** A well-formed acquireAccessToken body for the given key/value pairs. */
export function credentialsBody(pairs: Record<string, string>): { credentials: object[] } {
  return {
    credentials: Object.entries(pairs).map(([key, value]) => ({
      "@odata.type": SECRET_KEY_VALUE_PAIR_TYPE,
      key,
      value,
    })),
  };
}

/**
 * Plain axios calls as a Graph client makes them; every status is returned rather than thrown so tests can look
 * at error bodies and headers.
 */
export function postAcquireAccessToken(
  graphRoot: string,
  token: string | undefined,
  target: string,
  body: unknown,
  headers: Record<string, string> = {},
  apiVersion: "v1.0" | "beta" = "v1.0",
): Promise<AxiosResponse> {
  return axios.post(`${graphRoot}/${apiVersion}/${target}/synchronization/acquireAccessToken`, body, {
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
    validateStatus: () => true,
  });
}

export function getGraph(graphRoot: string, token: string, pathAndQuery: string): Promise<AxiosResponse> {
  return axios.get(`${graphRoot}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${token}` },
    validateStatus: () => true,
  });
}
