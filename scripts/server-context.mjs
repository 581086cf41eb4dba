// Lets command-line scripts (tsx) import lib/ modules marked "server-only":
// that package throws outside React's server build, and scripts are server code.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      "export async function resolve(specifier, context, next) {" +
        "  if (specifier === 'server-only') return { url: 'data:text/javascript,', shortCircuit: true };" +
        "  return next(specifier, context);" +
        "}",
    ),
);
