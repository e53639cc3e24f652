// The project's test signatures (EICAR and friends, built from hex at run time), for tests in
// any package.
export * from "@intake/local/emulators/signatures";
