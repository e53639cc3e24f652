// clamd's settings: one policy for local mode and the scanner image, so both judge alike.

const MiB = 1024 * 1024;

/** Above the largest multipart upload (5 GiB); clamd 1.4.6 takes it for StreamMaxLength (2100
 * and 4400 MiB streams were read to the end). */
const streamLimit = "6000M";

/**
 * The longest clamd spends on one file, in ms: below the scanner's deadline
 * (INTAKE_SCAN_TIMEOUT_SECONDS, 240 s by default) with a minute to spare for the S3 read and
 * the reply, so clamd stops a slow file itself (and says so, as a Heuristics.Limits.Exceeded
 * detection: UNSCANNABLE) instead of the scanner giving up on an answer and retrying a file
 * that will be just as slow the next time.
 */
export const maxScanTimeMs = 180_000;

export interface Limits {
  streamMaxLength: string;
  maxFileSize: string;
  maxScanSize: string;
  /** Archives nested deeper are not looked into (reported as a detection, see AlertExceedsMax). */
  maxRecursion: number;
  /** Most files clamd looks at inside one archive. */
  maxFiles: number;
}

/**
 * What one file may cost clamd. With AlertExceedsMax on, a file past any of these comes back
 * UNSCANNABLE (quarantined), never clean, so each limit is a ceiling on work, not a hole:
 * - MaxFileSize 2000M: libclamav caps it at 2 GiB - 2 bytes anyway; every purpose accepts
 *   at most 50 MiB, so only a purpose raised past 2000M would meet it.
 * - MaxScanSize 2000M: the bytes clamd inflates and reads per file, archives included. This is
 *   what bounds a zip bomb: an ePub of 7 MB inflating to 6.5 GiB stops after 2000M instead
 *   of being read to the end.
 * - MaxRecursion 10: an ePub is one level of zip; a PDF's streams add a level or two.
 * - MaxFiles 10000: a large ePub has a few thousand entries.
 * - MaxScanTime (maxScanTimeMs): the time ceiling, below the scanner's deadline.
 */
const policyLimits: Limits = {
  streamMaxLength: streamLimit,
  maxFileSize: "2000M",
  maxScanSize: "2000M",
  maxRecursion: 10,
  maxFiles: 10_000,
};

/** MaxScanSize in bytes, for tests that build a file past it. */
export const maxScanSizeBytes = 2000 * MiB;

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
    `MaxScanTime ${maxScanTimeMs}`,
    "LogSyslog no",
    "LogClean no",
    "",
  ].join("\n");
}
