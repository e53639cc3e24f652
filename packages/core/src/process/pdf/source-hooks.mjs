// Lets the worker run from the TypeScript sources on Node 22's own type stripping: the
// sources import without extensions ("./inspect"), which Node resolves only with ".ts" added.
// tsx would do as well, but it also transforms PDF.js's 3.5 MB of modules at every worker start.
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith(".")) throw error;
      return nextResolve(`${specifier}.ts`, context);
    }
  },
});
