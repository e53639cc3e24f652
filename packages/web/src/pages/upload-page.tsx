import { MyUploads } from "../upload/my-uploads";
import { UploadForm } from "../upload/upload-form";

export function UploadPage() {
  return (
    <>
      <UploadForm />
      <MyUploads />
    </>
  );
}
