// ePubs built in code for the processing tests: a valid book, scripted ones, broken
// containers and zip bombs. Nothing here is a copied binary.
import { zip, type ZipEntry } from "./zip";

export { zip, zipCrypto, type ZipEntry } from "./zip";

const MiB = 1024 * 1024;

export interface BookOptions {
  title?: string;
  author?: string;
  language?: string;
  date?: string;
  /** Replaces the whole `<metadata>` block (the package namespace prefix is `opf`). */
  metadataXml?: string;
  /** Extra `<item>` elements for the manifest. */
  manifestXml?: string;
  /** The first chapter's body. */
  chapter?: string;
  /** Extra entries after the book's own. */
  extra?: ZipEntry[];
  /** Leave out an entry by name (`mimetype`, `META-INF/container.xml`, the package document). */
  omit?: string[];
  /** Deflate the mimetype entry (it must be stored). */
  compressMimetype?: boolean;
}

export const defaultBook = {
  title: "The Wind & the Willows",
  author: "Kenneth Grahame",
  language: "en-GB",
  date: "1908-06-15",
} as const;

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** An XHTML content document with `body`. */
export const page = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title><link rel="stylesheet" href="../style.css"/></head><body>${body}</body></html>`;

/** A valid ePub 3: stored mimetype, container, package document in OEBPS/, two chapters. */
export function book(options: BookOptions = {}): Buffer {
  const { title, author, language, date } = { ...defaultBook, ...options };
  const metadata =
    options.metadataXml ??
    `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
      <dc:identifier id="uid">urn:uuid:7b0c4ad5-3b1e-4c8c-9a55-0c3f6a1f2e10</dc:identifier>
      <dc:title>${xml(title)}</dc:title>
      <dc:creator id="author">${xml(author)}</dc:creator>
      <dc:language>${xml(language)}</dc:language>
      <dc:date>${xml(date)}</dc:date>
      <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
    </metadata>`;
  const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  ${metadata}
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ch1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
    <item id="ch2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
    ${options.manifestXml ?? ""}
  </manifest>
  <spine><itemref idref="ch1"/><itemref idref="ch2"/></spine>
</package>`;
  const entries: ZipEntry[] = [
    { name: "mimetype", data: "application/epub+zip", deflate: options.compressMimetype },
    {
      name: "META-INF/container.xml",
      data: `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
      deflate: true,
    },
    { name: "OEBPS/content.opf", data: opf, deflate: true },
    {
      name: "OEBPS/nav.xhtml",
      data: page(`<nav epub:type="toc"><ol><li><a href="text/ch1.xhtml">One</a></li></ol></nav>`),
      deflate: true,
    },
    {
      name: "OEBPS/text/ch1.xhtml",
      data: page(options.chapter ?? "<h1>Chapter One</h1><p>The Mole had been working very hard all the morning.</p>"),
      deflate: true,
    },
    { name: "OEBPS/text/ch2.xhtml", data: page("<h1>Chapter Two</h1><p>The Open Road.</p>"), deflate: true },
    { name: "OEBPS/style.css", data: "body { font-family: serif; }", deflate: true },
    ...(options.extra ?? []),
  ];
  return zip(entries.filter((entry) => !options.omit?.includes(entry.name)));
}

/** A chapter with an inline `<script>` (in OEBPS/text/ch1.xhtml). */
export const withScript = () => book({ chapter: "<p>Hello</p><script>document.title = 'pwned'</script>" });

/** A manifest item marked `scripted` (OEBPS/text/ch3.xhtml), its document otherwise plain. */
export const withScriptedItem = () =>
  book({
    manifestXml: `<item id="ch3" href="text/ch3.xhtml" media-type="application/xhtml+xml" properties="scripted svg"/>`,
    extra: [{ name: "OEBPS/text/ch3.xhtml", data: page("<p>Three</p>"), deflate: true }],
  });

/** A JavaScript file listed in the manifest (OEBPS/js/app.js). */
export const withJavaScriptFile = () =>
  book({
    manifestXml: `<item id="js" href="js/app.js" media-type="application/javascript"/>`,
    extra: [{ name: "OEBPS/js/app.js", data: "alert(1)", deflate: true }],
  });

export const withoutMimetype = () => book({ omit: ["mimetype"] });
export const withoutContainer = () => book({ omit: ["META-INF/container.xml"] });
export const withoutPackage = () => book({ omit: ["OEBPS/content.opf"] });

/** One entry of zeros that inflates to `bytes` (about 1000 times its stored size). */
export const bomb = (bytes: number) =>
  book({ extra: [{ name: "OEBPS/images/blank.bin", data: Buffer.alloc(bytes), deflate: true }] });

/** An entry whose headers claim `claimed` bytes but that inflates to `bytes`. */
export const lyingBomb = (bytes: number, claimed = 100) =>
  book({ extra: [{ name: "OEBPS/images/blank.bin", data: Buffer.alloc(bytes), deflate: true, claimedSize: claimed }] });

/** A 2 MiB entry of zeros: far above a ratio of 100, under any sane total. */
export const highRatio = () => bomb(2 * MiB);

/** The book plus `count` tiny entries. */
export const manyEntries = (count: number) =>
  book({ extra: Array.from({ length: count }, (_, i) => ({ name: `OEBPS/misc/${i}.txt`, data: "x" })) });

/** An entry encrypted with traditional PKWARE encryption (the "ZipCrypto" of zip tools). */
export const withEncryptedEntry = (data: Buffer | string = "a private note", password = "secret") =>
  book({ extra: [{ name: "OEBPS/extras/note.txt", data, deflate: true, password }] });
