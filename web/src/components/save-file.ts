/** What a download needs: the text and how the service names and types it. */
export interface SavedFile {
  readonly content: string;
  readonly fileName: string;
  readonly contentType: string;
}

/**
 * Saves text as a file through a Blob and a temporary `<a download>`, so the file is exactly
 * what the GraphQL answer held (the same bytes REST sends) and no request carries the key in
 * a URL. The object URL is released a minute later, when the browser has long taken the file.
 */
export function saveFile({ content, fileName, contentType }: SavedFile): void {
  const url = URL.createObjectURL(new Blob([content], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Released later, not at once: Chromium reads the Blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
