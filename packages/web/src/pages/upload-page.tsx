import { Link } from "wouter";
import { UploadForm } from "../upload/upload-form";

export function UploadPage() {
  return (
    <>
      <UploadForm />
      <p className="muted">
        Every upload, with its scan result: <Link href="/uploads">My uploads</Link>.
      </p>
    </>
  );
}
