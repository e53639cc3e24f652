// Names the benchmark's processes share.
export const region = "us-east-1";
export const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
export const buckets = {
  staging: "intake-staging",
  production: "intake-production",
  quarantine: "intake-quarantine",
  tus: "bench-tus",
};
