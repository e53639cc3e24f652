// Dates as invoices write them, read to ISO 8601: "2024-03-05", "05.03.2024", "5 March 2024",
// "March 5, 2024", "5. März 2024", "05/03/2024" (day first unless that cannot be).

const months: Record<string, number> = {};
const names = [
  ["january", "jan", "januar", "jän", "jänner"],
  ["february", "feb", "februar"],
  ["march", "mar", "märz", "maerz", "mär"],
  ["april", "apr"],
  ["may", "mai"],
  ["june", "jun", "juni"],
  ["july", "jul", "juli"],
  ["august", "aug"],
  ["september", "sep", "sept"],
  ["october", "oct", "oktober", "okt"],
  ["november", "nov"],
  ["december", "dec", "dezember", "dez"],
];
names.forEach((spellings, index) => {
  for (const spelling of spellings) months[spelling] = index + 1;
});
const month = `(${Object.keys(months)
  .sort((a, b) => b.length - a.length)
  .join("|")})\\.?`;

export interface FoundDate {
  iso: string;
  /** Where on the line it starts, to tell which label it follows. */
  index: number;
  /** Lower when the order of day and month was a guess (01/02/2024). */
  confidence: number;
}

const patterns: { pattern: RegExp; read: (m: RegExpMatchArray) => [number, number, number, number] | undefined }[] = [
  { pattern: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, read: (m) => [+m[1]!, +m[2]!, +m[3]!, 1] },
  { pattern: /\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b/g, read: (m) => [year(m[3]!), +m[2]!, +m[1]!, 1] },
  {
    pattern: /\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b/g,
    read: (m) => {
      const [a, b] = [+m[1]!, +m[2]!];
      if (a > 12) return [+m[3]!, b, a, 1];
      if (b > 12) return [+m[3]!, a, b, 1];
      return [+m[3]!, b, a, 0.6];
    },
  },
  {
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+${month}\\s+(\\d{4})\\b`, "giu"),
    read: (m) => [+m[3]!, months[m[2]!.toLowerCase()]!, +m[1]!, 1],
  },
  {
    pattern: new RegExp(`\\b${month}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "giu"),
    read: (m) => [+m[3]!, months[m[1]!.toLowerCase()]!, +m[2]!, 1],
  },
];

/** Every date written on a line, in order of where it starts. */
export function datesIn(line: string): FoundDate[] {
  const found: FoundDate[] = [];
  for (const { pattern, read } of patterns) {
    for (const match of line.matchAll(pattern)) {
      const parts = read(match);
      if (!parts) continue;
      const [y, m, d, confidence] = parts;
      if (!valid(y, m, d)) continue;
      const index = match.index ?? 0;
      if (found.some((other) => other.index <= index && index < other.index + 10)) continue;
      found.push({ iso: `${y}-${pad(m)}-${pad(d)}`, index, confidence });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

function year(written: string): number {
  return written.length === 2 ? 2000 + Number(written) : Number(written);
}

function valid(y: number, m: number, d: number): boolean {
  if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
