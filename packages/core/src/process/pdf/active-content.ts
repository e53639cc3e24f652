// What in a PDF's object graph can run or carry a file, read with pdf-lib (PDF.js cannot see
// /Launch at all). Named where it sits (open action, page, annotation, form field, bookmark);
// then every object is swept, so an action only reachable some other way is still found.
import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFStream,
  PDFString,
} from "pdf-lib";

/** A structure no document has (a page tree that repeats a node): the file is malformed. */
export class BadStructure extends Error {
  override name = "BadStructure";
}

const name = (key: string) => PDFName.of(key);

/** Each thing found, in words, e.g. `JavaScript (open action)`, `embedded file "a.xml"`. */
export function activeContent(doc: PDFDocument): string[] {
  const walk = new Walk(doc);
  const catalog = doc.catalog;

  for (const [key, action] of walk.nameTree(
    walk.dict(walk.dict(catalog.get(name("Names")))?.get(name("JavaScript"))),
  )) {
    walk.action(action, `document script "${key}"`);
  }
  walk.action(catalog.get(name("OpenAction")), "open action");
  walk.additionalActions(catalog.get(name("AA")), "document additional action");

  walk.pages().forEach((page, index) => {
    const number = index + 1;
    walk.additionalActions(page.get(name("AA")), `page ${number} additional action`);
    for (const item of walk.array(page.get(name("Annots")))) {
      const annotation = walk.dict(item);
      if (!annotation) continue;
      const subtype = walk.name(annotation.get(name("Subtype"))) ?? "unknown";
      walk.action(annotation.get(name("A")), `${subtype} annotation on page ${number}`);
      walk.additionalActions(annotation.get(name("AA")), `${subtype} annotation on page ${number}, additional action`);
      if (subtype === "FileAttachment") walk.file(annotation.get(name("FS")), `annotation on page ${number}`);
    }
  });

  for (const [key, spec] of walk.nameTree(
    walk.dict(walk.dict(catalog.get(name("Names")))?.get(name("EmbeddedFiles"))),
  )) {
    walk.file(spec, undefined, key);
  }

  const form = walk.dict(catalog.get(name("AcroForm")));
  if (form?.get(name("XFA"))) walk.found.push("XFA form");
  walk.fields(form?.get(name("Fields")));
  walk.outline(walk.dict(catalog.get(name("Outlines")))?.get(name("First")));

  walk.sweep();
  return [...new Set(walk.found)];
}

class Walk {
  readonly found: string[] = [];
  /** Actions and file specifications already reported, so the sweep does not repeat them. */
  private readonly reported = new Set<PDFDict>();

  private readonly doc: PDFDocument;

  constructor(doc: PDFDocument) {
    this.doc = doc;
  }

  resolve(value: PDFObject | undefined): PDFObject | undefined {
    return value === undefined ? undefined : this.doc.context.lookup(value);
  }

  dict(value: PDFObject | undefined): PDFDict | undefined {
    const object = this.resolve(value);
    if (object instanceof PDFDict) return object;
    if (object instanceof PDFStream) return object.dict;
    return undefined;
  }

  array(value: PDFObject | undefined): PDFObject[] {
    const object = this.resolve(value);
    return object instanceof PDFArray ? object.asArray() : [];
  }

  name(value: PDFObject | undefined): string | undefined {
    const object = this.resolve(value);
    return object instanceof PDFName ? object.decodeText() : undefined;
  }

  text(value: PDFObject | undefined): string | undefined {
    const object = this.resolve(value);
    return object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined;
  }

  /** An action and the actions it chains (/Next): what each runs, said as `kind (where)`. */
  action(value: PDFObject | undefined, where: string): void {
    const pending = [value];
    const seen = new Set<PDFDict>();
    while (pending.length > 0) {
      const action = this.dict(pending.pop());
      if (!action || seen.has(action)) continue;
      seen.add(action);
      this.reported.add(action);
      const kind = runs(this, action);
      if (kind) this.found.push(`${kind} (${where})`);
      const next = this.resolve(action.get(name("Next")));
      if (next instanceof PDFArray) pending.push(...next.asArray());
      else pending.push(next);
    }
  }

  /** An /AA dictionary: one action per trigger (/O, /C, /K, /WC …). */
  additionalActions(value: PDFObject | undefined, where: string): void {
    for (const [trigger, action] of this.dict(value)?.entries() ?? []) {
      this.action(action, `${where} /${trigger.decodeText()}`);
    }
  }

  /** A file specification that embeds a file (/EF). */
  file(value: PDFObject | undefined, where?: string, key?: string): void {
    const spec = this.dict(value);
    if (!spec?.get(name("EF"))) return;
    this.reported.add(spec);
    const filename = this.text(spec.get(name("UF"))) ?? this.text(spec.get(name("F"))) ?? key ?? "unnamed";
    this.found.push(`embedded file "${filename}"${where ? ` (${where})` : ""}`);
  }

  /** Name tree entries (ISO 32000-1 §7.9.6), each node once. */
  nameTree(root: PDFDict | undefined): [string, PDFObject][] {
    const entries: [string, PDFObject][] = [];
    const pending = root ? [root] : [];
    const seen = new Set<PDFDict>();
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      const names = this.array(node.get(name("Names")));
      for (let index = 0; index + 1 < names.length; index += 2) {
        entries.push([this.text(names[index]) ?? "unnamed", names[index + 1]!]);
      }
      for (const kid of this.array(node.get(name("Kids")))) {
        const dict = this.dict(kid);
        if (dict) pending.push(dict);
      }
    }
    return entries;
  }

  /** The page dictionaries in order. A page tree must be a tree: a node met twice is refused. */
  pages(): PDFDict[] {
    const pages: PDFDict[] = [];
    const seen = new Set<PDFDict>();
    const pending: PDFObject[] = [this.doc.catalog.get(name("Pages"))].filter((node) => node !== undefined);
    while (pending.length > 0) {
      const node = this.dict(pending.pop());
      if (!node) continue;
      if (seen.has(node)) throw new BadStructure("the page tree repeats a node");
      seen.add(node);
      const kids = this.resolve(node.get(name("Kids")));
      if (kids instanceof PDFArray) pending.push(...kids.asArray().reverse());
      else pages.push(node);
    }
    return pages;
  }

  /** Form fields and their kids: /A and /AA (format, validate, calculate scripts …). */
  fields(value: PDFObject | undefined): void {
    const pending = this.array(value);
    const seen = new Set<PDFDict>();
    while (pending.length > 0) {
      const field = this.dict(pending.pop());
      if (!field || seen.has(field)) continue;
      seen.add(field);
      const label = this.text(field.get(name("T")));
      const where = label === undefined ? "form field" : `form field "${label}"`;
      this.action(field.get(name("A")), where);
      this.additionalActions(field.get(name("AA")), `${where}, additional action`);
      pending.push(...this.array(field.get(name("Kids"))));
    }
  }

  /** Bookmarks (/Outlines): each item's /A. */
  outline(first: PDFObject | undefined): void {
    const pending = [first];
    const seen = new Set<PDFDict>();
    while (pending.length > 0) {
      const item = this.dict(pending.pop());
      if (!item || seen.has(item)) continue;
      seen.add(item);
      const title = this.text(item.get(name("Title")));
      this.action(item.get(name("A")), title === undefined ? "bookmark" : `bookmark "${title}"`);
      pending.push(item.get(name("Next")), item.get(name("First")));
    }
  }

  /** Every object in the file, nested values included: actions and embedded files not yet reported. */
  sweep(): void {
    for (const [ref, object] of this.doc.context.enumerateIndirectObjects()) {
      const pending: PDFObject[] = [object];
      while (pending.length > 0) {
        const value = pending.pop()!;
        const dict = value instanceof PDFStream ? value.dict : value instanceof PDFDict ? value : undefined;
        if (value instanceof PDFArray) pending.push(...value.asArray());
        if (!dict) continue;
        if (!this.reported.has(dict)) {
          const kind = runs(this, dict);
          if (kind) this.found.push(`${kind} (object ${ref.objectNumber})`);
          if (dict.get(name("EF"))) this.file(dict, `object ${ref.objectNumber}`);
        }
        pending.push(...dict.values());
      }
    }
  }
}

/** What an action dictionary runs, if anything: JavaScript (any action with /JS) or a program. */
function runs(walk: Walk, action: PDFDict): string | undefined {
  const type = walk.name(action.get(name("S")));
  if (type === "Launch") return "launch action";
  if (type === "JavaScript" || action.get(name("JS"))) return "JavaScript";
  return undefined;
}
