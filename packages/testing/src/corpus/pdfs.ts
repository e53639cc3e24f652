// PDFs for the processing stage, built in code with pdf-lib (no binary fixtures): clean ones,
// ones that carry active content, and broken ones. Each returns the file's bytes.
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFHexString, PDFName, PDFString, type PDFDict } from "pdf-lib";

export interface Describe {
  pages?: number;
  title?: string;
  author?: string;
  /** A PDF date string, written as is: `D:YYYYMMDDHHmmSS+HH'mm'`. */
  creationDate?: string;
  /** The catalog's /Lang. */
  language?: string;
}

/** What `clean()` writes when not told otherwise. */
export const described = {
  pages: 3,
  title: "The Voyage Out",
  author: "Virginia Woolf",
  creationDate: "D:20240305143000+01'00'",
  language: "en-GB",
} satisfies Required<Describe>;

const javaScript = "app.alert('hello');";

/** A valid PDF with pages, title, author, creation date and language. */
export function clean(describe: Describe = {}): Promise<Uint8Array> {
  return build(describe, () => {});
}

/** Document-level JavaScript: the catalog's /Names /JavaScript tree, one script named `init`. */
export function documentJavaScript(): Promise<Uint8Array> {
  return build({}, (doc) => {
    const action = doc.context.register(doc.context.obj({ S: "JavaScript", JS: PDFString.of(javaScript) }));
    const tree = doc.context.obj({ Names: [PDFString.of("init"), action] });
    doc.catalog.set(PDFName.of("Names"), doc.context.obj({ JavaScript: tree }));
  });
}

/** JavaScript that runs when the document opens (/OpenAction). */
export function openActionJavaScript(): Promise<Uint8Array> {
  return build({}, (doc) => {
    doc.catalog.set(PDFName.of("OpenAction"), doc.context.obj({ S: "JavaScript", JS: PDFString.of(javaScript) }));
  });
}

/** A link on page 1 whose action is JavaScript. */
export function linkJavaScript(): Promise<Uint8Array> {
  return build({}, (doc) => {
    annotate(doc, 0, { Subtype: "Link", A: doc.context.obj({ S: "JavaScript", JS: PDFString.of(javaScript) }) });
  });
}

/** Page 2 runs JavaScript when it opens (the page's /AA /O). */
export function pageOpenJavaScript(): Promise<Uint8Array> {
  return build({}, (doc) => {
    const page = doc.getPage(1).node;
    page.set(PDFName.of("AA"), doc.context.obj({ O: { S: "JavaScript", JS: PDFString.of(javaScript) } }));
  });
}

const launch = (doc: PDFDocument) =>
  doc.context.obj({ S: "Launch", F: PDFString.of("cmd.exe"), Win: { F: PDFString.of("cmd.exe") } });

/** A /Launch action (runs a program) as the open action. */
export function launchOpenAction(): Promise<Uint8Array> {
  return build({}, (doc) => doc.catalog.set(PDFName.of("OpenAction"), launch(doc)));
}

/** A link on page 1 whose action is /Launch. */
export function launchLink(): Promise<Uint8Array> {
  return build({}, (doc) => annotate(doc, 0, { Subtype: "Link", A: launch(doc) }));
}

/** An embedded file (pdf-lib `attach`: the /EmbeddedFiles names tree), `invoice.xml`. */
export function embeddedFile(): Promise<Uint8Array> {
  return build({}, async (doc) => {
    await doc.attach(new TextEncoder().encode("<invoice/>"), "invoice.xml", { mimeType: "application/xml" });
  });
}

/** A file attachment annotation on page 1 carrying `payload.exe`. */
export function attachmentAnnotation(): Promise<Uint8Array> {
  return build({}, (doc) => {
    const file = doc.context.register(doc.context.stream("MZ", { Type: "EmbeddedFile" }));
    const spec = doc.context.obj({ Type: "Filespec", F: PDFString.of("payload.exe"), EF: { F: file } });
    annotate(doc, 0, { Subtype: "FileAttachment", FS: spec, Contents: PDFString.of("open me") });
  });
}

/** An XFA form: /AcroForm with an /XFA entry. */
export function xfaForm(): Promise<Uint8Array> {
  return build({}, (doc) => {
    const xdp = doc.context.register(doc.context.stream('<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"/>'));
    doc.catalog.set(PDFName.of("AcroForm"), doc.context.obj({ Fields: [], XFA: xdp }));
  });
}

/** Encrypted with the standard security handler (RC4, a user password the reader does not know). */
export function encrypted(): Promise<Uint8Array> {
  return build({}, (doc) => {
    const pad = (byte: number) => PDFHexString.of(byte.toString(16).padStart(2, "0").repeat(32));
    const handler = doc.context.obj({ Filter: "Standard", V: 1, R: 2, O: pad(0x11), U: pad(0x22), P: -4 });
    doc.context.trailerInfo.Encrypt = doc.context.register(handler);
    doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of("00".repeat(16)), PDFHexString.of("00".repeat(16))]);
  });
}

/** A clean PDF cut in the middle of an object: no cross-reference table, no trailer. */
export async function truncated(): Promise<Uint8Array> {
  const bytes = await clean();
  const text = new TextDecoder("latin1").decode(bytes);
  const lastObject = text.lastIndexOf(" 0 obj");
  return bytes.slice(0, lastObject + 20);
}

/**
 * A PDF whose cross-reference table and trailer point nowhere, and whose objects hold no
 * catalog to rebuild them from. pdf.js re-indexes a file with a bad xref by scanning for
 * `N 0 obj` and `trailer`, then takes the trailer whose /Root is a catalog, or else any
 * object of /Type /Catalog: here the only trailer names a /Root that does not exist and
 * the catalog has lost its /Type, so there is nothing to recover.
 */
export async function brokenXref(): Promise<Uint8Array> {
  const bytes = await build({}, () => {}, { useObjectStreams: false });
  let text = new TextDecoder("latin1").decode(bytes);
  text = text.replace("/Type /Catalog", "/Tipe /Catalog");
  text = text.replace(/\/Root \d+ 0 R/, "/Root 999 0 R");
  text = text.replace(/startxref\s+\d+/, "startxref\n123456");
  return latin1(text);
}

/**
 * A page tree that is not a tree: `depth` levels of /Pages nodes, each listing the next level
 * twice, above one page. PDF.js reads it as 2^depth pages; walking it node by node (as pdf-lib's
 * getPages does) never ends.
 */
export function repeatedPageTree(depth = 40): Promise<Uint8Array> {
  return build({ pages: 1 }, (doc) => {
    const root = doc.catalog.get(PDFName.of("Pages"));
    const rootNode = doc.context.lookup(root) as PDFDict;
    let child = doc.getPage(0).ref;
    for (let level = 0; level < depth; level++) {
      const node = doc.context.obj({ Type: "Pages", Kids: [child, child], Count: 2 ** (level + 1) });
      const ref = doc.context.register(node);
      (doc.context.lookup(child) as PDFDict).set(PDFName.of("Parent"), ref);
      child = ref;
    }
    (doc.context.lookup(child) as PDFDict).set(PDFName.of("Parent"), root!);
    rootNode.set(PDFName.of("Kids"), doc.context.obj([child]));
    rootNode.set(PDFName.of("Count"), doc.context.obj(2 ** depth));
  });
}

/**
 * A decompression bomb: the catalog's XMP metadata stream (which a reader decodes to show
 * the document's properties) inflates from a few hundred KiB to `mebibytes` MiB of text.
 */
export function metadataBomb(mebibytes: number): Promise<Uint8Array> {
  return build({}, (doc) => {
    const inflated = Buffer.alloc(mebibytes * 1024 * 1024, 0x20);
    const xmp = doc.context.stream(deflateSync(inflated, { level: 9 }), {
      Type: "Metadata",
      Subtype: "XML",
      Filter: "FlateDecode",
    });
    doc.catalog.set(PDFName.of("Metadata"), doc.context.register(xmp));
  });
}

type Change = (doc: PDFDocument) => void | Promise<void>;

async function build(describe: Describe, change: Change, save: { useObjectStreams?: boolean } = {}) {
  const { pages, title, author, creationDate, language } = { ...described, ...describe };
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let page = 0; page < pages; page++) {
    doc.addPage([595, 842]).drawText(`Page ${page + 1}`, { x: 72, y: 770, size: 18 });
  }
  doc.setTitle(title);
  doc.setAuthor(author);
  info(doc).set(PDFName.of("CreationDate"), PDFString.of(creationDate));
  doc.catalog.set(PDFName.of("Lang"), PDFString.of(language));
  await change(doc);
  return doc.save(save);
}

function info(doc: PDFDocument): PDFDict {
  return doc.context.lookup(doc.context.trailerInfo.Info) as PDFDict;
}

function annotate(doc: PDFDocument, pageIndex: number, fields: Record<string, unknown>): void {
  const annotation = doc.context.register(
    doc.context.obj({ Type: "Annot", Rect: [72, 700, 272, 720], Border: [0, 0, 0], ...fields } as never),
  );
  doc.getPage(pageIndex).node.addAnnot(annotation);
}

const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
