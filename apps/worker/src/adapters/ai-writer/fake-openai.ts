import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A wire-compatible stand-in for OpenAI's POST /v1/chat/completions, for tests and the bench (dev
 * only: nothing in production imports it). It answers with a structured-output completion and
 * usage tokens, or with the failure it is told to produce next.
 */
export type FakeOpenAiReply =
  /** A completion; `content` defaults to a grounded answer built from the request's business name. */
  | { kind: 'answer'; content?: string | Record<string, unknown>; promptTokens?: number; completionTokens?: number; finishReason?: 'stop' | 'length' | 'content_filter' }
  | { kind: 'refusal'; message?: string }
  /** Content that is not JSON. */
  | { kind: 'malformed' }
  | { kind: 'rate_limited'; retryAfterS?: number }
  | { kind: 'server_error'; status?: 500 | 502 | 503 }
  /** Accepts the request and never answers (until the client gives up or the fake closes). */
  | { kind: 'hang' };

export interface FakeOpenAiRequest {
  model: string;
  authorization: string | undefined;
  body: ChatRequestBody;
}

interface ChatRequestBody {
  model?: string;
  messages?: { role: string; content: string }[];
  response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: unknown } };
}

export interface FakeOpenAi {
  /** The base URL to give the SDK (ends in /v1). */
  baseUrl: string;
  apiKey: string;
  /** Every chat completion request received, in order, failures included. */
  requests: FakeOpenAiRequest[];
  /** Replies for the next requests, in order; after them, `defaultReply`. */
  queueReplies(...replies: FakeOpenAiReply[]): void;
  defaultReply: FakeOpenAiReply;
  close(): Promise<void>;
}

export const FAKE_OPENAI_API_KEY = 'sk-fake-openai-key-0123456789';

export async function startFakeOpenAi(options: { apiKey?: string; port?: number } = {}): Promise<FakeOpenAi> {
  const apiKey = options.apiKey ?? FAKE_OPENAI_API_KEY;
  const queued: FakeOpenAiReply[] = [];
  const sockets = new Set<Socket>();
  let completions = 0;

  const fake: FakeOpenAi = {
    baseUrl: '',
    apiKey,
    requests: [],
    queueReplies: (...replies) => void queued.push(...replies),
    defaultReply: { kind: 'answer' },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => json(response, 500, { error: { message: String(error), type: 'server_error' } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      return json(response, 404, { error: { message: `Unknown request URL: ${request.method} ${request.url}`, type: 'invalid_request_error', code: 'unknown_url' } });
    }
    let body: ChatRequestBody;
    try {
      body = JSON.parse(raw) as ChatRequestBody;
    } catch {
      return json(response, 400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error' } });
    }
    const model = body.model ?? '';
    fake.requests.push({ model, authorization: request.headers.authorization, body });
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return json(response, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    const format = body.response_format;
    if (format?.type !== 'json_schema' || format.json_schema?.strict !== true || !format.json_schema.schema) {
      return json(response, 400, { error: { message: 'This fake only answers strict json_schema requests.', type: 'invalid_request_error', param: 'response_format' } });
    }

    const reply = queued.shift() ?? fake.defaultReply;
    switch (reply.kind) {
      case 'hang':
        return;
      case 'rate_limited':
        return json(
          response,
          429,
          { error: { message: `Rate limit reached for ${model} on requests per min.`, type: 'requests', code: 'rate_limit_exceeded' } },
          reply.retryAfterS === undefined ? {} : { 'retry-after': String(reply.retryAfterS) },
        );
      case 'server_error':
        return json(response, reply.status ?? 500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
      case 'refusal':
        return json(response, 200, completion(model, body, { content: null, refusal: reply.message ?? "I'm sorry, I can't help with that." }, 'stop'));
      case 'malformed':
        return json(response, 200, completion(model, body, { content: '{"subject": "Hello", "opening": ', refusal: null }, 'stop'));
      case 'answer': {
        const content = reply.content === undefined ? groundedAnswer(body) : typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
        return json(response, 200, completion(model, body, { content, refusal: null }, reply.finishReason ?? 'stop', reply));
      }
    }
  }

  function completion(
    model: string,
    body: ChatRequestBody,
    message: { content: string | null; refusal: string | null },
    finishReason: string,
    tokens: { promptTokens?: number; completionTokens?: number } = {},
  ) {
    completions += 1;
    // Roughly what a tokenizer counts (4 characters a token), and the same for the same request.
    const promptTokens = tokens.promptTokens ?? Math.ceil((body.messages ?? []).reduce((sum, entry) => sum + entry.content.length, 0) / 4);
    const completionTokens = tokens.completionTokens ?? Math.ceil((message.content ?? message.refusal ?? '').length / 4);
    return {
      id: `chatcmpl-fake-${completions}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', ...message, annotations: [] }, logprobs: null, finish_reason: finishReason }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  fake.baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`;
  return fake;
}

/** What a well-behaved model might say using only the business name the prompt gave. */
function groundedAnswer(body: ChatRequestBody): string {
  const user = body.messages?.find((entry) => entry.role === 'user')?.content ?? '';
  const name = /Business name: (.+)/.exec(user)?.[1]?.trim() ?? 'your business';
  return JSON.stringify({ subject: `A question for ${name}`, opening: `I came across ${name} and wanted to ask you something.` });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake_${Date.now()}`, ...headers });
  response.end(JSON.stringify(body));
}
