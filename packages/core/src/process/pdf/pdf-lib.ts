// pdf-lib as core has it, for the test corpus in @intake/testing, which does not depend on
// pdf-lib itself (adding the dependency there is the better fix; this file then goes).
export {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
} from "pdf-lib";
