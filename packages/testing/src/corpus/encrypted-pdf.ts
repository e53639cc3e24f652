// A one-page PDF encrypted with the standard security handler (PDF 1.7, 7.6.3): RC4 40-bit
// (V1 R2) or AES-128 (V4 R4 AESV2), opened by a user password. pdf-lib cannot encrypt, so
// the file is written here, its one content stream encrypted with its object key.
import { createCipheriv, createHash, randomBytes } from "node:crypto";

export interface EncryptedPdfOptions {
  algorithm: "rc4-40" | "aes-128";
  /** Needed to open the file; "" makes a file anyone can open (an owner password only). */
  userPassword: string;
  ownerPassword?: string;
  /** Bytes put in the page's content stream, before encryption. */
  payload?: Buffer;
}

const PADDING = Buffer.from("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A", "hex");

const md5 = (...parts: Buffer[]) => createHash("md5").update(Buffer.concat(parts)).digest();
const padded = (password: string) => Buffer.concat([Buffer.from(password, "latin1"), PADDING]).subarray(0, 32);

/** RC4, written out: OpenSSL 3 keeps it in its legacy provider, which Node does not load. */
export function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

export function encryptedPdf(options: EncryptedPdfOptions): Buffer {
  const aes = options.algorithm === "aes-128";
  const revision = aes ? 4 : 2;
  const keyLength = aes ? 16 : 5;
  const permissions = -4; // every permission
  const id = randomBytes(16);
  const user = padded(options.userPassword);
  const owner = padded(options.ownerPassword ?? `${options.userPassword}-owner`);

  // Algorithm 3: the O entry.
  let ownerKey = md5(owner);
  if (revision >= 3) for (let i = 0; i < 50; i++) ownerKey = md5(ownerKey);
  ownerKey = ownerKey.subarray(0, keyLength);
  let O = rc4(ownerKey, user);
  if (revision >= 3) for (let i = 1; i <= 19; i++) O = rc4(xorKey(ownerKey, i), O);

  // Algorithm 2: the file key.
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  let key = md5(user, O, p, id);
  if (revision >= 3) for (let i = 0; i < 50; i++) key = md5(key.subarray(0, keyLength));
  key = key.subarray(0, keyLength);

  // Algorithms 4 and 5: the U entry.
  let U: Buffer;
  if (revision === 2) {
    U = rc4(key, PADDING);
  } else {
    U = rc4(key, md5(PADDING, id));
    for (let i = 1; i <= 19; i++) U = rc4(xorKey(key, i), U);
    U = Buffer.concat([U, Buffer.alloc(16)]);
  }

  // Algorithm 1: the key of object 4 (the content stream), then its data.
  const objectId = Buffer.from([4, 0, 0, 0, 0]);
  const objectKey = md5(key, objectId, aes ? Buffer.from("sAlT") : Buffer.alloc(0)).subarray(
    0,
    Math.min(keyLength + 5, 16),
  );
  const plain = Buffer.concat([
    Buffer.from("BT /F1 24 Tf 72 720 Td (A private statement) Tj ET\n", "latin1"),
    options.payload ?? Buffer.alloc(0),
  ]);
  const stream = aes ? aesCbc(objectKey, plain) : rc4(objectKey, plain);

  const hex = (bytes: Buffer) => `<${bytes.toString("hex")}>`;
  const encrypt = aes
    ? `<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF /O ${hex(O)} /U ${hex(U)} /P ${permissions} >>`
    : `<< /Filter /Standard /V 1 /R 2 /O ${hex(O)} /U ${hex(U)} /P ${permissions} >>`;
  const objects = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>",
    ),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} >>\nstream\n`), stream, Buffer.from("\nendstream")]),
    Buffer.from(encrypt),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.6\n%\xE2\xE3\xCF\xD3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, index) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    parts.push(object);
    length += object.length;
  });
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [${hex(id)} ${hex(id)}] >>`,
    "startxref",
    String(length),
    "%%EOF",
    "",
  ].join("\n");
  return Buffer.concat([...parts, Buffer.from(xref, "latin1")]);
}

function xorKey(key: Buffer, value: number): Buffer {
  return Buffer.from(key.map((byte) => byte ^ value));
}

/** AESV2: a random 16-byte IV, then AES-128-CBC with PKCS#7 padding. */
function aesCbc(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-128-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(data), cipher.final()]);
}
