import { readLeadImportChunks, type Sql } from '@switchboard/db';

/** The stored pieces as text; a character split between two pieces is joined again. */
export async function* fileText(sql: Sql, importId: string): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const bytes of readLeadImportChunks(sql, importId)) {
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
