const STATUS: Record<string, number> = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  BadDigest: 400,
  EntityTooSmall: 400,
  IncompleteBody: 400,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidDigest: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidRequest: 400,
  MalformedXML: 400,
  NoSuchUpload: 404,
  NotImplemented: 501,
  PreconditionFailed: 412,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
};

/** An S3 error response: `code` is S3's error code, the status follows from it. */
export class S3Fault extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code] ?? 500;
  }
}

export function xmlEscape(value: string | number): string {
  const named: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
  return String(value).replace(/[&<>"']/g, (c) => named[c] ?? c);
}

export function errorXml(fault: S3Fault, resource: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${xmlEscape(fault.code)}</Code><Message>${xmlEscape(fault.message)}</Message>` +
    `<Resource>${xmlEscape(resource)}</Resource><RequestId>intake-local</RequestId></Error>`
  );
}
