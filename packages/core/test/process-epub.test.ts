import { describe, expect, it } from "vitest";
import { inspectEpub } from "../src/process/epub";
import {
  bomb,
  book,
  defaultBook,
  highRatio,
  lyingBomb,
  manyEntries,
  page,
  withEncryptedEntry,
  withJavaScriptFile,
  withoutContainer,
  withoutMimetype,
  withoutPackage,
  withScript,
  withScriptedItem,
  zip,
} from "@intake/testing/corpus/epubs";

const MiB = 1024 * 1024;
const limits = { zip: { maxEntries: 100, maxUncompressedBytes: 4 * MiB, maxRatio: 100 } };
const inspect = (bytes: Buffer, zipLimits: Partial<typeof limits.zip> = {}) =>
  inspectEpub(bytes, { zip: { ...limits.zip, ...zipLimits } });
const metadataOf = async (metadataXml: string) => {
  const inspection = await inspect(book({ metadataXml }));
  if (inspection.result !== "clean") throw new Error(JSON.stringify(inspection));
  return inspection.metadata;
};

describe("a valid ePub", () => {
  it("is clean, checked, with its title, author, language and date", async () => {
    await expect(inspect(book())).resolves.toEqual({
      result: "clean",
      disarm: "checked",
      removed: [],
      metadata: {
        title: defaultBook.title,
        author: defaultBook.author,
        language: defaultBook.language,
        documentDate: defaultBook.date,
      },
    });
  });

  it("reads metadata whatever the prefixes, with attributes, CDATA and entities, ignoring comments", async () => {
    await expect(
      metadataOf(`<opf:metadata xmlns:opf="http://www.idpf.org/2007/opf">
        <!-- <dc:title>Not this one</dc:title> -->
        <dc:title id="t" xml:lang="fr">  Le &#x201C;Petit&#8221;
          <![CDATA[Prince & <Co>]]>  </dc:title>
        <creator xmlns="http://purl.org/dc/elements/1.1/" opf:role="ill">An Illustrator</creator>
        <dc:creator opf:role="aut" opf:file-as="Saint-Exupéry, Antoine">Antoine de Saint-Exupéry</dc:creator>
        <dc:creator>Second Author</dc:creator>
        <dc:language>fr</dc:language>
        <dc:date opf:event="modification">2001-01-01</dc:date>
        <dc:date opf:event="publication">1943-04</dc:date>
      </opf:metadata>`),
    ).resolves.toEqual({
      title: "Le \u201CPetit\u201D Prince & <Co>",
      author: "Antoine de Saint-Exupéry, Second Author",
      language: "fr",
      documentDate: "1943-04",
    });
  });

  it.each([
    ["a date-time, in UTC", "2021-05-17T10:30:00+02:00", "2021-05-17T08:30:00.000Z"],
    ["a year", "1999", "1999"],
    ["a day", "2020-02-29", "2020-02-29"],
    ["an impossible day", "2021-02-30", undefined],
    ["words", "spring 1999", undefined],
  ])("keeps a dc:date that is %s as ISO 8601", async (_name, date, expected) => {
    const metadata = await metadataOf(`<metadata><dc:title>T</dc:title><dc:date>${date}</dc:date></metadata>`);
    expect(metadata.documentDate).toBe(expected);
  });

  it("caps long values, drops a language that is not a language tag, and survives empty metadata", async () => {
    const metadata = await metadataOf(
      `<metadata><dc:title>${"a".repeat(1000)}</dc:title><dc:language>not a language!</dc:language></metadata>`,
    );
    expect(metadata.title).toHaveLength(300);
    expect(metadata.title?.endsWith("…")).toBe(true);
    expect(metadata.language).toBeUndefined();
    await expect(metadataOf("<metadata/>")).resolves.toEqual({});
  });

  it("a small entry that compresses very well (a blank image) is not a bomb", async () => {
    await expect(inspect(bomb(512 * 1024))).resolves.toMatchObject({ result: "clean" });
  });
});

describe("scripts are active content, named with where they are", () => {
  it.each([
    ["a <script> in a chapter", withScript(), ["script in OEBPS/text/ch1.xhtml"]],
    ["a manifest item marked scripted", withScriptedItem(), ["scripted item OEBPS/text/ch3.xhtml (manifest)"]],
    ["a JavaScript file in the manifest", withJavaScriptFile(), ["JavaScript file OEBPS/js/app.js"]],
    [
      "a JavaScript file the manifest does not list",
      book({ extra: [{ name: "OEBPS/hidden.js", data: "alert(1)" }] }),
      ["JavaScript file OEBPS/hidden.js"],
    ],
    [
      "a script in an SVG, with a prefix",
      book({
        manifestXml: `<item id="img" href="images/a.svg" media-type="image/svg+xml"/>`,
        extra: [
          {
            name: "OEBPS/images/a.svg",
            data: '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg:svg>',
          },
        ],
      }),
      ["script in OEBPS/images/a.svg"],
    ],
    [
      "an event handler and a javascript: link",
      book({ chapter: `<p onclick = "go()">x</p><a href=" javascript:go()">y</a>` }),
      ["event handler (onclick) in OEBPS/text/ch1.xhtml", "javascript: link in OEBPS/text/ch1.xhtml"],
    ],
    [
      "a script in a content document with an unusual name the manifest lists",
      book({
        manifestXml: `<item id="x" href="text/chapter%20four" media-type="application/xhtml+xml"/>`,
        extra: [{ name: "OEBPS/text/chapter four", data: page("<SCRIPT src='x'/>") }],
      }),
      ["script in OEBPS/text/chapter four"],
    ],
  ])("%s", async (_name, bytes, found) => {
    await expect(inspect(bytes)).resolves.toEqual({ result: "active_content", found });
  });

  it("text about scripts, and a script inside a comment, are not scripts", async () => {
    await expect(
      inspect(
        book({ chapter: "<p>The &lt;script&gt; tag; a description script; one=two</p><!-- <script>x</script> -->" }),
      ),
    ).resolves.toMatchObject({ result: "clean" });
  });
});

describe("a broken container is malformed, saying what is missing", () => {
  it.each([
    ["no mimetype", withoutMimetype(), /first entry is not mimetype/],
    ["a compressed mimetype", book({ compressMimetype: true }), /mimetype entry is compressed/],
    [
      "a mimetype saying something else",
      zip([{ name: "mimetype", data: "application/zip" }]),
      /mimetype is not application\/epub\+zip/,
    ],
    ["no container", withoutContainer(), /META-INF\/container.xml is missing/],
    ["no package document", withoutPackage(), /package document OEBPS\/content.opf is missing/],
    [
      "a container that names no package document",
      zip([
        { name: "mimetype", data: "application/epub+zip" },
        { name: "META-INF/container.xml", data: "<container><rootfiles/></container>" },
      ]),
      /names no package document/,
    ],
    ["bytes that are no zip", Buffer.from("%PDF-1.7 not a zip at all"), /central directory/],
    [
      "an entry named with ..",
      book({ extra: [{ name: "OEBPS/../../etc/passwd", data: "x" }] }),
      /invalid relative path|unsafe entry name/,
    ],
    ["an encrypted entry", withEncryptedEntry(), /encrypted entry OEBPS\/extras\/note.txt/],
  ])("%s", async (_name, bytes, detail) => {
    const inspection = await inspect(bytes);
    expect(inspection.result).toBe("malformed");
    expect(inspection.result === "malformed" && inspection.detail).toMatch(detail);
  });
});

describe("zip bombs and limits are malformed, naming the limit", () => {
  it("more entries than maxEntries", async () => {
    await expect(inspect(manyEntries(100))).resolves.toEqual({
      result: "malformed",
      detail: "107 entries, more than the limit of 100 (maxEntries)",
    });
    await expect(inspect(manyEntries(93))).resolves.toMatchObject({ result: "clean" });
  });

  it("entries inflating past maxUncompressedBytes, counted as they inflate", async () => {
    await expect(inspect(bomb(6 * MiB), { maxRatio: 10_000 })).resolves.toEqual({
      result: "malformed",
      detail: `inflates past ${4 * MiB} bytes in all (maxUncompressedBytes), at OEBPS/images/blank.bin`,
    });
    const twoHalves = book({
      extra: ["a", "b"].map((name) => ({ name: `OEBPS/${name}.bin`, data: Buffer.alloc(2.5 * MiB), deflate: true })),
    });
    await expect(inspect(twoHalves, { maxRatio: 10_000 })).resolves.toEqual({
      result: "malformed",
      detail: `inflates past ${4 * MiB} bytes in all (maxUncompressedBytes), at OEBPS/b.bin`,
    });
  });

  it("an entry that inflates to more than its headers claim, however little they claim", async () => {
    await expect(inspect(lyingBomb(6 * MiB), { maxRatio: 10_000 })).resolves.toEqual({
      result: "malformed",
      detail: "OEBPS/images/blank.bin does not inflate to the size its headers claim",
    });
  });

  it("an entry inflating more than maxRatio times its size", async () => {
    await expect(inspect(highRatio())).resolves.toEqual({
      result: "malformed",
      detail: "OEBPS/images/blank.bin claims more than 100 times its size (maxRatio)",
    });
    await expect(inspect(highRatio(), { maxRatio: 2000 })).resolves.toMatchObject({ result: "clean" });
  });
});
