import { startPlugin } from "../plugin/startPlugin";
import { syncauthProvider } from "./syncauthProvider";

/** `pulumi-resource-syncauth`'s entry: the syncauth provider over this process's environment. */
startPlugin(syncauthProvider(), __dirname);
