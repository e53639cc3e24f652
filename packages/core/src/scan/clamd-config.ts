// clamd's settings: one policy for local mode and the scanner image, so both judge alike.

/** Above the largest multipart upload (5 GiB); clamd 1.4.6 takes it for StreamMaxLength (2100
 * and 4400 MiB streams were read to the end). libclamav caps MaxFileSize at 2 GiB - 2 bytes, so
 * anything larger comes back "Heuristics.Limits.Exceeded.MaxFileSize FOUND", never OK. */
const sizeLimit = "6000M";

export function clamdConfig(c: {
  port: number;
  databaseDirectory: string;
  temporaryDirectory: string;
  /** A Unix socket too (local mode). */
  localSocket?: string;
  /** The user clamd drops to when started as root. */
  user?: string;
}): string {
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
    `StreamMaxLength ${sizeLimit}`,
    `MaxFileSize ${sizeLimit}`,
    `MaxScanSize ${sizeLimit}`,
    // Otherwise content past a limit passes silently as clean.
    "AlertExceedsMax yes",
    // Debian's 120 s would report a slow scan of a large file as a heuristic detection.
    "MaxScanTime 600000",
    "LogSyslog no",
    "LogClean no",
    "",
  ].join("\n");
}
