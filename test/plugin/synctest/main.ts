import { startPlugin } from "../../../provider/plugin/startPlugin";
import { echoProvider } from "./echoProvider";

/** `pulumi-resource-synctest`'s entry: the Echo provider, its store and call log given by the environment. */
const storeDir = process.env.SYNCTEST_STORE_DIR;
if (!storeDir) {
  process.stderr.write("SYNCTEST_STORE_DIR must name the directory the Echo provider keeps its records in\n");
  process.exit(1);
}
startPlugin(echoProvider({ storeDir, callLog: process.env.SYNCTEST_CALL_LOG }), __dirname);
