/**
 * Saves a text the app built as a file on the user's machine. Forge runs Custom UI in an iframe sandboxed with
 * `allow-downloads` ("downloads started via a user gesture"), so a click on an `<a download>` pointing at a Blob
 * URL saves the file; this must run inside the click handler. Nothing goes through a resolver, so Forge's
 * invoke payload limit does not apply.
 */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser reads the Blob after the click returns: give it time before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
