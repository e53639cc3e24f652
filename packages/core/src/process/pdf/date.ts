// PDF dates (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`, everything after the year optional.
const pattern = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?$/;

/** A PDF date as ISO 8601 (with its offset when it gives one), or undefined when it is not a valid date. */
export function isoDate(pdfDate: string): string | undefined {
  const match = pattern.exec(pdfDate.trim());
  if (!match) return undefined;
  const [
    ,
    year,
    month = "01",
    day = "01",
    hour = "00",
    minute = "00",
    second = "00",
    utc,
    sign,
    offsetHour,
    offsetMinute,
  ] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]));
  const valid =
    date.getUTCFullYear() === parts[0] &&
    date.getUTCMonth() === parts[1] - 1 &&
    date.getUTCDate() === parts[2] &&
    parts[3] < 24 &&
    parts[4] < 60 &&
    parts[5] < 60 &&
    Number(offsetHour ?? 0) < 24 &&
    Number(offsetMinute ?? 0) < 60;
  if (!valid) return undefined;
  const offset = utc ? "Z" : sign ? `${sign}${offsetHour}:${offsetMinute ?? "00"}` : "";
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
}
