import type { LoaderFunctionArgs } from '@remix-run/node';
import { requestError } from '../utils/request-errors.server.ts';

/**
 * The screenshot a contact form submission kept as evidence, as PNG. Only signed-in members of the
 * send's workspace get it: the tRPC procedure reads it within the caller's workspace.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const shot = await context.trpc.outreach.formScreenshot({ sendId: params.sendId ?? '' });
    return new Response(Buffer.from(shot.pngBase64, 'base64'), {
      headers: { 'content-type': 'image/png', 'cache-control': 'private, no-store', 'content-disposition': 'inline; filename="contact-form.png"' },
    });
  } catch (error) {
    const problem = requestError(error);
    if (problem) return new Response(problem.message, { status: problem.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw error;
  }
}
