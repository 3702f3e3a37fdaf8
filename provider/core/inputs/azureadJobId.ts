/** `azuread.SynchronizationJob`'s id: `/servicePrincipals/{object id}/synchronization/jobs/{job id}`. */
const AZUREAD_JOB_ID = /^\/?(?:servicePrincipals|applications)\/([^/]+)\/synchronization\/jobs\/([^/]+)$/;

/**
 * The object id and job id an azuread job id names, the job id decoded; undefined for anything else (a plain job
 * id). Both resources that name a job accept either form.
 */
export function parseAzureadJobId(text: string): { objectId: string; jobId: string } | undefined {
  const match = AZUREAD_JOB_ID.exec(text);
  return match === null ? undefined : { objectId: match[1], jobId: decoded(match[2]) };
}

/** A `%` that does not start an escape is kept as written rather than failing check. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
