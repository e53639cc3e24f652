// An ePub checked as an ePub container (mimetype, container, package document) under zip
// limits, refused when it carries scripts, and its metadata read from the package document.
import { posix } from "node:path";
import { openZip, ZipRefused, type OpenedZip } from "./epub-zip";
import { block, decodeDocument, elements, stripNoise, type Element } from "./epub-xml";
import type { Inspection, Limits, Metadata } from "./inspection";

const EPUB_MIMETYPE = "application/epub+zip";
const CONTAINER = "META-INF/container.xml";
const CONTENT_TYPES = new Set(["application/xhtml+xml", "text/html", "image/svg+xml"]);
const CONTENT_EXTENSIONS = /\.(xhtml|xht|html|htm|svg)$/i;
const SCRIPT_TYPES = new Set([
  "application/javascript",
  "text/javascript",
  "application/ecmascript",
  "text/ecmascript",
]);
const SCRIPT_EXTENSIONS = /\.(js|mjs)$/i;
/** Findings past this many are counted, not listed. */
const MAX_FINDINGS = 20;

interface ManifestItem {
  /** The entry name in the zip the item's href resolves to. */
  path: string;
  mediaType: string;
  properties: string[];
}

export async function inspectEpub(bytes: Uint8Array, limits: Pick<Limits, "zip">): Promise<Inspection> {
  try {
    const zip = await openZip(bytes, limits.zip);
    const packagePath = await checkContainer(zip);
    const opf = stripNoise(decodeDocument(await zip.read(packagePath)));
    const manifest = manifestItems(opf, posix.dirname(packagePath));
    const found = [...manifestFindings(manifest, zip.names), ...(await contentFindings(zip, manifest))];
    await zip.drain();
    if (found.length > 0) return { result: "active_content", found: summarise(found) };
    return { result: "clean", disarm: "checked", removed: [], metadata: metadataOf(opf) };
  } catch (error) {
    if (error instanceof ZipRefused) return { result: "malformed", detail: error.message };
    throw error;
  }
}

/** The ePub's fixed parts; returns the package document's entry name. */
async function checkContainer(zip: OpenedZip): Promise<string> {
  if (zip.first?.name !== "mimetype") throw new ZipRefused("the first entry is not mimetype");
  if (!zip.first.stored) throw new ZipRefused("the mimetype entry is compressed (it must be stored)");
  const mimetype = (await zip.read("mimetype")).toString("latin1");
  if (mimetype !== EPUB_MIMETYPE) throw new ZipRefused(`mimetype is not ${EPUB_MIMETYPE}`);
  if (!zip.names.includes(CONTAINER)) throw new ZipRefused(`${CONTAINER} is missing`);
  const container = stripNoise(decodeDocument(await zip.read(CONTAINER)));
  const rootfiles = elements(container, "rootfile").map((rootfile) => rootfile.attributes);
  const rootfile =
    rootfiles.find((r) => r["media-type"] === "application/oebps-package+xml" && r["full-path"]) ??
    rootfiles.find((r) => r["full-path"]);
  const path = rootfile?.["full-path"];
  if (!path) throw new ZipRefused(`${CONTAINER} names no package document (rootfile full-path)`);
  if (!zip.names.includes(path)) throw new ZipRefused(`the package document ${path} is missing`);
  return path;
}

function manifestItems(opf: string, base: string): ManifestItem[] {
  const manifest = block(opf, "manifest") ?? "";
  return elements(manifest, "item").flatMap(({ attributes }) => {
    const path = resolveHref(base, attributes.href ?? "");
    if (!path) return [];
    const mediaType = (attributes["media-type"] ?? "").toLowerCase().split(";")[0]!.trim();
    const properties = (attributes.properties ?? "").split(/\s+/).filter(Boolean);
    return [{ path, mediaType, properties }];
  });
}

/** The zip entry an href names, or undefined for a remote resource or an unreadable href. */
function resolveHref(base: string, href: string): string | undefined {
  if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(href.replace(/[#?].*$/, ""));
  } catch {
    decoded = href;
  }
  const path = posix.normalize(posix.join(base === "." ? "" : base, decoded));
  return path.startsWith("../") || path === ".." ? undefined : path.replace(/^\.\//, "");
}

function manifestFindings(manifest: ManifestItem[], names: string[]): string[] {
  const found: string[] = [];
  for (const item of manifest) {
    if (item.properties.includes("scripted")) found.push(`scripted item ${item.path} (manifest)`);
    if (SCRIPT_TYPES.has(item.mediaType) || SCRIPT_EXTENSIONS.test(item.path))
      found.push(`JavaScript file ${item.path}`);
  }
  const listed = new Set(manifest.map((item) => item.path));
  for (const name of names)
    if (SCRIPT_EXTENSIONS.test(name) && !listed.has(name)) found.push(`JavaScript file ${name}`);
  return found;
}

/** Scripts in every content document: the manifest's XHTML/HTML/SVG and any entry named like one. */
async function contentFindings(zip: OpenedZip, manifest: ManifestItem[]): Promise<string[]> {
  const documents = new Set(manifest.filter((item) => CONTENT_TYPES.has(item.mediaType)).map((item) => item.path));
  for (const name of zip.names) if (CONTENT_EXTENSIONS.test(name)) documents.add(name);
  const found: string[] = [];
  for (const name of zip.names) {
    if (!documents.has(name)) continue;
    found.push(...scriptsIn(stripNoise(decodeDocument(await zip.read(name))), name));
  }
  return found;
}

export function scriptsIn(document: string, where: string): string[] {
  const found: string[] = [];
  if (/<(?:[A-Za-z_][\w.-]*:)?script[\s/>]/i.test(document)) found.push(`script in ${where}`);
  const handler = /<[A-Za-z][^>]*?\s(on[a-z]+)\s*=/i.exec(document);
  if (handler) found.push(`event handler (${handler[1]!.toLowerCase()}) in ${where}`);
  if (/\s(?:[\w.-]+:)?(?:href|src|action|formaction)\s*=\s*["']\s*javascript:/i.test(document)) {
    found.push(`javascript: link in ${where}`);
  }
  return found;
}

function summarise(found: string[]): string[] {
  const unique = [...new Set(found)];
  if (unique.length <= MAX_FINDINGS) return unique;
  return [...unique.slice(0, MAX_FINDINGS), `and ${unique.length - MAX_FINDINGS} more`];
}

function metadataOf(opf: string): Metadata {
  const metadata = block(opf, "metadata") ?? opf;
  const first = (name: string) => elements(metadata, name).find((element) => element.text)?.text;
  const metadataOut: Metadata = {};
  const title = cap(first("title"), 300);
  if (title) metadataOut.title = title;
  const author = cap(authors(elements(metadata, "creator")), 200);
  if (author) metadataOut.author = author;
  const language = first("language");
  if (language && /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/.test(language)) metadataOut.language = language;
  const date = isoDate(publicationDate(elements(metadata, "date")));
  if (date) metadataOut.documentDate = date;
  return metadataOut;
}

/** The authors (role `aut`, or no role given); everyone listed when none is marked so. */
function authors(creators: Element[]): string | undefined {
  const named = creators.filter((creator) => creator.text);
  const marked = named.filter((creator) => !creator.attributes.role || creator.attributes.role === "aut");
  const chosen = marked.length > 0 ? marked : named;
  return chosen.length > 0 ? chosen.map((creator) => creator.text).join(", ") : undefined;
}

/** ePub 2 may list several dates by event: the publication date first. */
function publicationDate(dates: Element[]): string | undefined {
  return (dates.find((date) => date.attributes.event === "publication") ?? dates.find((date) => date.text))?.text;
}

/** W3C date forms (`2021`, `2021-05`, `2021-05-17`) kept as written; full date-times in UTC. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (parts) {
    const [, year, month = "01", day = "01"] = parts;
    const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
    const valid = !Number.isNaN(date.getTime()) && date.getUTCDate() === Number(day);
    return valid ? value : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function cap(text: string | undefined, length: number): string | undefined {
  if (!text) return undefined;
  const chars = [...text.replace(/\p{Cc}/gu, "")];
  return chars.length > length ? `${chars.slice(0, length - 1).join("")}…` : chars.join("");
}
