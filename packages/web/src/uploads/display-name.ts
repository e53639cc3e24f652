/** How an upload is named to people: a book's title, otherwise the file's name. */
export const displayName = (upload: { title?: string | null; filename: string }) => upload.title ?? upload.filename;
