// clamd's settings: one policy for local mode and the scanner image, so both judge alike.

/** Above the largest multipart upload (5 GiB); clamd 1.4.6 takes it for StreamMaxLength (2100
 * and 4400 MiB streams were read to the end). libclamav caps MaxFileSize at 2 GiB - 2 bytes, so
 * anything larger comes back "Heuristics.Limits.Exceeded.MaxFileSize FOUND", never OK. */
const sizeLimit = "6000M";

export interface Limits {
  streamMaxLength: string;
  maxFileSize: string;
  maxScanSize: string;
  /** Archives nested deeper are not looked into (reported as a detection, see AlertExceedsMax). */
  maxRecursion: number;
  /** Most files clamd looks at inside one archive. */
  maxFiles: number;
}

/** clamd 1.4's defaults for recursion (17) and files (10000): an ePub never comes near. */
const policyLimits: Limits = {
  streamMaxLength: sizeLimit,
  maxFileSize: sizeLimit,
  maxScanSize: sizeLimit,
  maxRecursion: 17,
  maxFiles: 10_000,
};

export function clamdConfig(c: {
  port: number;
  databaseDirectory: string;
  temporaryDirectory: string;
  /** A Unix socket too (local mode). */
  localSocket?: string;
  /** The user clamd drops to when started as root. */
  user?: string;
  /** Smaller limits than the policy's, for tests that need a file over one. */
  limits?: Partial<Limits>;
}): string {
  const limits = { ...policyLimits, ...c.limits };
  return [
    "Foreground yes",
    ...(c.localSocket ? [`LocalSocket ${c.localSocket}`, "FixStaleSocket yes"] : []),
    `TCPSocket ${c.port}`,
    "TCPAddr 127.0.0.1",
    `DatabaseDirectory ${c.databaseDirectory}`,
    `TemporaryDirectory ${c.temporaryDirectory}`,
    ...(c.user ? [`User ${c.user}`] : []),
    // The databases never change under a running clamd; a reload would double the memory.
    "SelfCheck 0",
    "ConcurrentDatabaseReload no",
    `StreamMaxLength ${limits.streamMaxLength}`,
    `MaxFileSize ${limits.maxFileSize}`,
    `MaxScanSize ${limits.maxScanSize}`,
    `MaxRecursion ${limits.maxRecursion}`,
    `MaxFiles ${limits.maxFiles}`,
    // Fail closed: what clamd cannot fully inspect comes back as a Heuristics.* detection
    // (see verdict.ts for the names seen) instead of passing silently as clean.
    "AlertExceedsMax yes",
    "AlertEncrypted yes",
    "AlertEncryptedArchive yes",
    "AlertEncryptedDoc yes",
    // Off (clamd's default). No purpose accepts executables, Office documents or disk images:
    // the type check refuses them by their first bytes. These alerts name an odd PE/ELF
    // structure (clamd 1.4.6 says Heuristics.Broken.Executable for our minimal test binaries,
    // whose bytes it still matches against signatures), a harmless macro or an odd partition
    // table: not something clamd could not look into.
    "AlertBrokenExecutables no",
    "AlertOLE2Macros no",
    "AlertPartitionIntersection no",
    // Debian's 120 s would report a slow scan of a large file as a heuristic detection.
    "MaxScanTime 600000",
    "LogSyslog no",
    "LogClean no",
    "",
  ].join("\n");
}
