// The project's own ClamAV signature set. Test payloads are built from hex and pieces so
// that no file in the repository contains them (and trips a scanner on a developer's machine).

/** Signature names as written in the database; clamd reports them with `.UNOFFICIAL` appended. */
export const SIGNATURES = {
  eicar: "Intake.Test.EICAR",
  marker: "Intake.Test.Marker",
} as const;

export type SignatureName = (typeof SIGNATURES)[keyof typeof SIGNATURES];

/** The name clamd puts in a `FOUND` reply for one of our signatures. */
export function reportedName(name: SignatureName): string {
  return `${name}.UNOFFICIAL`;
}

// The 68-byte EICAR anti-virus test string, in two halves.
const EICAR_HEX = [
  "58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d",
  "5354414e444152442d414e544956495255532d544553542d46494c452124482b482a",
];

export function eicarBytes(): Buffer {
  return Buffer.from(EICAR_HEX.join(""), "hex");
}

/** A harmless marker our signature set treats as malware. */
export function markerBytes(): Buffer {
  return Buffer.from(["INTAKE", "TEST", "MALWARE", "MARKER"].join("-"), "latin1");
}

/** The `.ndb` file: body signatures matched anywhere in any file type (`0:*`). */
export function ndbDatabase(): string {
  return [
    `${SIGNATURES.eicar}:0:*:${eicarBytes().toString("hex")}`,
    `${SIGNATURES.marker}:0:*:${markerBytes().toString("hex")}`,
    "",
  ].join("\n");
}
