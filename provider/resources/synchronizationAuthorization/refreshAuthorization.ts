/**
 * Refresh: whether the authorized target still exists and, with `testConnection`, one connection test with the
 * saved credentials. Import is refused: Graph never returns what an authorization sent.
 */
import { apiVersionOf } from "../../graph/apiVersion";
import type { Session } from "../../core/session";
import { storedConnectionTest, storedTestConnection } from "./connectionTest";
import { validateInputs } from "./inputs/validateInputs";
import { connectionTestWarning } from "./lifecycleNotices";
import { refuseRefreshElsewhere } from "./refreshGuard";
import { heldAtRefresh, testConnection } from "./runConnectionTest";
import { targetOf } from "../../core/target";

/**
 * Why `pulumi import` (a read with no state) is refused: Graph never returns what an authorization sent, so an
 * imported resource would hold nothing to compare with. The id is not echoed: it is text the user typed.
 */
export const IMPORT_REFUSAL =
  "A SynchronizationAuthorization cannot be imported: Graph never returns the credentials an authorization sent, " +
  "so there is nothing to read back. Instead, declare the resource in the program and run `pulumi up`: it " +
  "authorizes once (with a single-use code, give a new one).";

/**
 * Read (refresh): whether the authorized target still exists. "absent" means the resource leaves state (the next
 * `up` authorizes again); a refresh against another Graph endpoint than the one that authorized is refused, and so
 * is an import (state without a `target`, which every version has written).
 */
export async function readTarget(
  session: Session,
  id: string,
  state: Record<string, unknown>,
): Promise<"present" | "absent"> {
  if (typeof state.target !== "string") {
    throw new Error(IMPORT_REFUSAL);
  }
  const endpoints = session.endpoints();
  const target = targetOf(state.target);
  refuseRefreshElsewhere(target, state, endpoints);
  return session.graph(endpoints).getDirectoryObject(target, apiVersionOf(state.apiVersion));
}

/**
 * What refresh learned: the resource is gone, or present with its outputs (a connection test's result added) and
 * the warnings to show (a test that did not pass).
 */
export type RefreshedAuthorization =
  { presence: "absent" } | { presence: "present"; outputs: Record<string, unknown>; warnings: string[] };

/**
 * Refresh: {@link readTarget}, then, when the state names a job (`testConnection`), one connection test with the
 * saved credentials (no secret needed or sent). A failure is recorded in the outputs, where the next diff finds it.
 */
export async function refreshAuthorization(
  session: Session,
  id: string,
  state: Record<string, unknown>,
  inputs?: Record<string, unknown>,
): Promise<RefreshedAuthorization> {
  const presence = await readTarget(session, id, state);
  if (presence === "absent") {
    return { presence };
  }
  const kept = withoutStoredMessage(state);
  const setting = storedTestConnection(state);
  if (setting === undefined) {
    return { presence, outputs: kept, warnings: [] };
  }
  const tested = await testConnection(
    session,
    session.endpoints(),
    { ...kept, target: String(state.target) } as Record<string, unknown> & { target: string },
    setting.jobId,
    "refresh",
    heldAtRefresh(inputs === undefined ? undefined : validateInputs(inputs).inputs),
  );
  const warning = connectionTestWarning(tested.outputs, tested.detail);
  return { presence, outputs: tested.outputs, warnings: warning === undefined ? [] : [warning] };
}

/** State of earlier versions kept Graph's message in `connectionTest`; refresh writes it back without. */
function withoutStoredMessage(state: Record<string, unknown>): Record<string, unknown> {
  const result = storedConnectionTest(state);
  return result === undefined ? state : { ...state, connectionTest: result };
}
