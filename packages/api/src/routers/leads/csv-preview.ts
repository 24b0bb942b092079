const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter used most in the header line outside quotes, as the import itself decides it. */
function guessDelimiter(text: string): string {
  const end = text.search(/\r?\n/);
  const firstLine = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The header and first rows of a CSV, cells as written (quotes undone, trimmed), for the mapping
 * step. It reads only as far as it shows; the import itself parses the whole file strictly.
 */
export function readCsvPreview(text: string, maxRows: number): { headers: string[]; rows: string[][] } {
  const source = text.replace(/^\uFEFF/, '');
  const delimiter = guessDelimiter(source);
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let index = 0;
  const endCell = () => {
    record.push(cell.trim());
    cell = '';
  };
  const endRecord = () => {
    endCell();
    if (record.some((value) => value !== '')) records.push(record);
    record = [];
  };
  while (index < source.length && records.length <= maxRows) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === delimiter) endCell();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index += 1;
      endRecord();
    } else cell += char;
    index += 1;
  }
  if (records.length <= maxRows && (cell !== '' || record.length > 0)) endRecord();
  const [headers = [], ...rows] = records;
  return { headers, rows: rows.slice(0, maxRows) };
}
