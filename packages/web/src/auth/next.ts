/** Only same-app paths: a `next` pointing elsewhere would make sign-in an open redirect. */
export function safeNext(value: string | null | undefined): string {
  return value?.startsWith("/") && !value.startsWith("//") ? value : "/";
}
