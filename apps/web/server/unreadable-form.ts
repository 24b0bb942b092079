const UNREADABLE_FORM = 'This form could not be read (its multipart body is broken or cut off). Reload the page and send it again.';

/**
 * Refuses a multipart body that cannot be parsed (a made-up boundary, a cut-off upload) with a 400,
 * before the action runs: otherwise the action's own `request.formData()` throws a TypeError and the
 * sender's mistake ends as a 500. Reads a clone, so the action still reads the body; the form body
 * limit in front of Remix bounds what is read twice.
 */
export async function refuseUnreadableForm(request: Request): Promise<void> {
  if (!/^multipart\/form-data/i.test(request.headers.get('content-type') ?? '')) return;
  const readable = await request
    .clone()
    .formData()
    .then(
      () => true,
      // Undici's parse error says only "Failed to parse body as FormData": the sender's fault, nothing to log.
      () => false,
    );
  if (!readable) throw new Response(UNREADABLE_FORM, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
