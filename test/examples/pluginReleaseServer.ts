import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

/** A loopback stand-in for the project's GitHub releases: serves the release tarballs of one folder, counting. */
export interface PluginReleaseServer {
  /** `http://127.0.0.1:<port>`: what the test's PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES sends the engine to. */
  url: string;
  /** The paths requested, in order (each a download or an attempt). */
  requests: string[];
  close(): Promise<void>;
}

export async function servePluginReleases(dir: string): Promise<PluginReleaseServer> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname).replace(/^\//, "");
    requests.push(`/${name}`);
    const file = path.join(dir, name);
    // Only a release tarball of the folder itself: no other file, no path out of it.
    if (request.method !== "GET" || !/^pulumi-resource-[\w.-]+\.tar\.gz$/.test(name) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/gzip", "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
