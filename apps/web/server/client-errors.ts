import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

// Node's HTTP parser refuses some requests before Express sees them, by default with a bare status
// line and no body. The same statuses here, each with a sentence saying what to change.
const ANSWERS: Record<string, [status: string, message: string]> = {
  HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', 'The address or headers of this request are too long. For a long query, shorten it or send fewer values.'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: ['413 Content Too Large', 'The request body is malformed or too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'The request took too long to arrive.'],
};
const MALFORMED: [string, string] = ['400 Bad Request', 'This request is not valid HTTP.'];

/** Answers a request the parser refused with its status and a plain-text message, then closes the connection. */
export function answerClientErrors(http: Server): void {
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }) => {
    // A connection that broke (reset, closed) has no one to answer.
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, message] = ANSWERS[error.code ?? ''] ?? MALFORMED;
    const body = `${message}\n`;
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
