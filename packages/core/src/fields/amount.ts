// Amounts and currencies as invoices write them: "1,234.50", "1.234,50", "1 234,50", "€ 12,00",
// "EUR 99.90", "$5". Amounts come back normalised ("1234.50"): `.` before the decimals, no grouping.

/** A number with optional grouping and decimals; the caller decides which separator is which. */
export const amountPattern =
  /(?<![\d.,])-?\d{1,3}(?:[.,' \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?(?![\d])|(?<![\d.,])-?\d+(?:[.,]\d{1,2})?(?![\d.,]?\d)/g;

export function normaliseAmount(written: string): string | undefined {
  const text = written.replace(/[\s\u00a0\u202f']/g, "");
  const negative = text.startsWith("-");
  const digits = negative ? text.slice(1) : text;
  const last = Math.max(digits.lastIndexOf("."), digits.lastIndexOf(","));
  let whole = digits;
  let decimals = "";
  if (last >= 0) {
    const after = digits.slice(last + 1);
    const mixed = /[.]/.test(digits) && /[,]/.test(digits);
    // A separator followed by three digits is grouping ("1,234"; "1.234.567"), by one or two the decimals.
    if (after.length <= 2) {
      whole = digits.slice(0, last);
      decimals = after;
    } else if (mixed) return undefined;
  }
  whole = whole.replace(/[.,]/g, "");
  if (!/^\d+$/.test(whole) || (decimals && !/^\d{1,2}$/.test(decimals))) return undefined;
  whole = whole.replace(/^0+(?=\d)/, "");
  return `${negative ? "-" : ""}${whole}${decimals ? `.${decimals}` : ""}`;
}

/** Every amount written on a line, normalised, in order. */
export function amountsIn(line: string): string[] {
  const amounts: string[] = [];
  for (const match of line.matchAll(amountPattern)) {
    const amount = normaliseAmount(match[0]);
    if (amount !== undefined) amounts.push(amount);
  }
  return amounts;
}

const codes = new Set([
  "EUR",
  "USD",
  "GBP",
  "CHF",
  "JPY",
  "CAD",
  "AUD",
  "NZD",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "HUF",
  "CNY",
  "INR",
  "BRL",
  "MXN",
  "ZAR",
  "SGD",
  "HKD",
  "TRY",
  "RON",
  "BGN",
]);

const symbols: [RegExp, string][] = [
  [/€/, "EUR"],
  [/£/, "GBP"],
  [/¥/, "JPY"],
  [/₹/, "INR"],
  [/\bFr\.|\bSFr\b/, "CHF"],
  [/\bA\$|\bAU\$/, "AUD"],
  [/\bC\$|\bCA\$/, "CAD"],
  [/\$/, "USD"],
];

/** The currency a piece of text names, by ISO code first, then by symbol. `$` alone is taken as USD, less surely. */
export function currencyIn(text: string): { code: string; confidence: number } | undefined {
  for (const match of text.matchAll(/\b([A-Z]{3})\b/g)) {
    if (codes.has(match[1]!)) return { code: match[1]!, confidence: 0.95 };
  }
  for (const [pattern, code] of symbols) {
    if (pattern.test(text)) return { code, confidence: code === "USD" ? 0.7 : 0.9 };
  }
  return undefined;
}
