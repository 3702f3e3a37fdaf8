import { startPlugin } from "../plugin/startPlugin";

/**
 * `pulumi-resource-syncauth`'s entry: the syncauth provider over this process's environment. The provider's code
 * (its resources, the configuration and the core) is required once the gRPC port is announced, not before: the
 * engine waits for the port, and the server needs only the protocol (test/pluginAdapter/startupLoad.test.ts).
 */
startPlugin(() => (require("./syncauthProvider") as typeof import("./syncauthProvider")).syncauthProvider(), __dirname);
