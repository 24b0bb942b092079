import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors/index.ts';
import { guessColumnMapping } from './fields.ts';
import { LEAD_IMPORT_MAX_ROWS } from './limits.ts';
import { emailsInCell, parseLeadCsv, readCsvPreview, readLeadCsv, type ParsedLeadRow } from './parse.ts';

const FILE_WITH_BAD_ROWS = [
  'Company Name,Website,Email,Phone,Street,ZIP,City,State,Country,Industry,Contact,Job Title,Rating,Reviews',
  "Joe's Plumbing,https://www.joesplumbing.com,info@joesplumbing.com,(512) 555-0147,1200 Main St,78701,Austin,TX,US,Plumber,Joe Smith,Owner,4.7,132",
  ',https://nameless.example.com,,,,,Austin,TX,US,,,,,',
  'Bad Email Bakery,,not-an-email,,,,Austin,TX,US,Bakery,,,,',
  'Bad Phone Dental,,,12,,,Austin,TX,US,Dentist,,,,',
  'Bad Rating Gym,,,,,,Austin,TX,US,Gym,,,"4,5 stars",many',
  '',
  'Nowhere Florist,,,,,,,,,Florist,,,,',
  'Facebook Only Cafe,https://www.facebook.com/cafe,,,,,Denver,CO,US,Cafe,,,"4,5",1',
  '"Quoted, Inc.",quoted.example.com,"a@quoted.example.com; b@quoted.example.com",+44 20 7946 0958,,,London,,United Kingdom,,Ann,CEO,,',
].join('\r\n');

describe('guessColumnMapping', () => {
  it('maps common header spellings', () => {
    const headers = FILE_WITH_BAD_ROWS.split('\r\n')[0]!.split(',');
    expect(guessColumnMapping(headers)).toEqual({
      name: 0,
      website: 1,
      email: 2,
      phone: 3,
      address: 4,
      postalCode: 5,
      city: 6,
      region: 7,
      country: 8,
      category: 9,
      contactName: 10,
      contactRole: 11,
      rating: 12,
      reviewCount: 13,
    });
  });

  it('prefers the word a header ends with and uses each column once', () => {
    expect(guessColumnMapping(['Business', 'Company Phone', 'E-Mail Address', 'Google Rating', 'Unrelated'])).toEqual({
      name: 0,
      phone: 1,
      email: 2,
      rating: 3,
    });
  });
});

describe('parseLeadCsv', () => {
  const parse = (text: string, defaultCountry?: string) =>
    parseLeadCsv(text, { mapping: guessColumnMapping(text.split(/\r?\n/)[0]!.split(/[,;]/)), sourceRef: 'import:list.csv', ...(defaultCountry ? { defaultCountry } : {}) });

  it('turns good rows into candidates and explains every rejected row', async () => {
    const result = await parse(FILE_WITH_BAD_ROWS);
    expect(result.candidates.map((entry) => entry.row)).toEqual([2, 9, 10]);
    expect(result.rejected).toEqual([
      { row: 3, reasons: ['Missing business name'] },
      { row: 4, reasons: ['Invalid email “not-an-email”'] },
      { row: 5, reasons: ['Unparsable phone “12”'] },
      { row: 6, reasons: ['Rating “4,5 stars” is not a number from 0 to 5', 'Review count “many” is not a whole number'] },
      { row: 8, reasons: ['Nothing identifies this business: add a city, postal code, website, phone or email'] },
    ]);
  });

  it('reads a full row into a candidate with its contact and source', async () => {
    const [joe] = (await parse(FILE_WITH_BAD_ROWS)).candidates;
    expect(joe?.candidate).toEqual({
      name: "Joe's Plumbing",
      website: 'https://www.joesplumbing.com',
      address: '1200 Main St, 78701',
      city: 'Austin',
      region: 'TX',
      country: 'US',
      lat: null,
      lng: null,
      phone: '+15125550147',
      category: 'Plumber',
      rating: 4.7,
      reviewCount: 132,
      description: null,
      socialLinks: [],
      contacts: [{ email: 'info@joesplumbing.com', name: 'Joe Smith', role: 'Owner' }],
      source: { kind: 'import', ref: 'import:list.csv#row2', evidence: { file: 'import:list.csv', row: 2 } },
    });
  });

  it('keeps a directory page as a social link, reads decimal commas, and splits several emails', async () => {
    const result = await parse(FILE_WITH_BAD_ROWS);
    const cafe = result.candidates.find((entry) => entry.row === 9)?.candidate;
    expect(cafe).toMatchObject({ website: null, socialLinks: ['https://www.facebook.com/cafe'], rating: 4.5, reviewCount: 1 });
    const quoted = result.candidates.find((entry) => entry.row === 10)?.candidate;
    expect(quoted).toMatchObject({ name: 'Quoted, Inc.', country: 'GB', phone: '+442079460958' });
    expect(quoted?.contacts).toEqual([{ email: 'a@quoted.example.com', name: 'Ann', role: 'CEO' }, { email: 'b@quoted.example.com' }]);
  });

  it('reads national phone numbers with the default country, and says when there is none', async () => {
    const text = 'Name;Phone;City\nA;(512) 555-0147;Austin\n';
    expect((await parse(text, 'US')).candidates[0]?.candidate).toMatchObject({ phone: '+15125550147', country: 'US' });
    expect((await parse(text)).rejected[0]?.reasons[0]).toMatch(/no country/);
  });

  it('refuses files that are not CSV, are empty, too big, or have no name column', async () => {
    await expect(parse('PK\u0003\u0004binary')).rejects.toThrow(Invalid);
    await expect(parse('Name,City\n"unterminated,Austin\n')).rejects.toThrow(/not a valid CSV/);
    await expect(parse('')).rejects.toThrow(/empty/);
    await expect(parseLeadCsv('City\nAustin\n', { mapping: {}, sourceRef: 'x' })).rejects.toThrow(/business name/);
    await expect(parseLeadCsv('Name\nA\n', { mapping: { name: 3 }, sourceRef: 'x' })).rejects.toThrow(/not in this file/);
    expect(LEAD_IMPORT_MAX_ROWS).toBe(1_000_000);
    const tooMany = `Name,City\n${'A,Austin\n'.repeat(101)}`;
    await expect(parseLeadCsv(tooMany, { mapping: { name: 0, city: 1 }, sourceRef: 'x', maxRows: 100 })).rejects.toThrow(/more than 100 rows/);
    expect((await parseLeadCsv(tooMany, { mapping: { name: 0, city: 1 }, sourceRef: 'x', maxRows: 101 })).candidates).toHaveLength(101);
  });

  it('reads a byte-order mark and semicolons', async () => {
    const result = await parse('\uFEFFFirma;Website;Stadt\nBäckerei Schmidt GmbH;baeckerei-schmidt.de;Berlin\n', 'DE');
    expect(result.headers).toEqual(['Firma', 'Website', 'Stadt']);
    expect(result.candidates[0]?.candidate).toMatchObject({ name: 'Bäckerei Schmidt GmbH', website: 'baeckerei-schmidt.de', city: 'Berlin', country: 'DE' });
  });
});

describe('emailsInCell', () => {
  it('splits several addresses only on real separators', () => {
    expect(emailsInCell('a@x.example.com, b@x.example.com;c@x.example.com | d@x.example.com / e@x.example.com')).toEqual([
      'a@x.example.com',
      'b@x.example.com',
      'c@x.example.com',
      'd@x.example.com',
      'e@x.example.com',
    ]);
    expect(emailsInCell('a@x.example.com\nB@X.example.com a@x.example.com')).toEqual(['a@x.example.com', 'b@x.example.com']);
    expect(emailsInCell('Jane Doe <jane@acme.example.com>')).toEqual(['jane@acme.example.com']);
  });

  it('refuses the whole cell when any part is not an address', () => {
    expect(emailsInCell('jane at example dot com')).toBeNull();
    expect(emailsInCell('a@x.example.com; call us')).toBeNull();
    expect(emailsInCell(' ; ')).toBeNull();
  });

  it('gives one error per cell, naming what the cell says', async () => {
    const result = await parseLeadCsv('Name,Email,City\nJane Co,jane at example dot com,Austin\n', { mapping: { name: 0, email: 1, city: 2 }, sourceRef: 'x' });
    expect(result.rejected).toEqual([{ row: 2, reasons: ['Invalid email “jane at example dot com”'] }]);
  });
});

describe('readCsvPreview', () => {
  it('reads the header and first rows as the import does: guessed delimiter, quotes undone, cells trimmed, blank lines left out', async () => {
    const csv = '\uFEFFCompany;City\r\n"Lone Star; Plumbing";  Austin \r\n\r\n;\r\n"Say ""hi"" Co";Dallas\r\nThird;Waco\r\nFourth;Plano';
    expect(await readCsvPreview(csv, 3)).toEqual({
      headers: ['Company', 'City'],
      rows: [
        ['Lone Star; Plumbing', 'Austin'],
        ['Say "hi" Co', 'Dallas'],
        ['Third', 'Waco'],
      ],
    });
  });

  it('reads only as far as it shows, and refuses what the import would refuse', async () => {
    expect((await readCsvPreview('Name\nFirst\nSecond\n"never closed', 2)).rows).toEqual([['First'], ['Second']]);
    await expect(readCsvPreview('Name\n"never closed', 2)).rejects.toThrow(Invalid);
    await expect(readCsvPreview('PK\u0003\u0004binary', 2)).rejects.toThrow('This file is not a CSV');
    expect(await readCsvPreview('', 5)).toEqual({ headers: [], rows: [] });
  });
});

describe('readLeadCsv', () => {
  async function* piecesOf(text: string, size: number): AsyncIterable<string> {
    for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
  }

  it('reads a file that arrives in small pieces exactly as the whole text', async () => {
    const mapping = guessColumnMapping(FILE_WITH_BAD_ROWS.split('\r\n')[0]!.split(','));
    const options = { mapping, sourceRef: 'import:list.csv' };
    const whole = await parseLeadCsv(FILE_WITH_BAD_ROWS, options);
    const rows: ParsedLeadRow[] = [];
    // 7-character pieces split the header, quoted cells and CRLF pairs.
    const { headers } = await readLeadCsv(piecesOf(FILE_WITH_BAD_ROWS, 7), options, (row) => void rows.push(row));
    expect(headers).toEqual(whole.headers);
    expect(rows.filter((row) => 'candidate' in row)).toEqual(whole.candidates);
    expect(rows.filter((row) => 'reasons' in row)).toEqual(whole.rejected);
  });

  it('reads a piece much bigger than a parser slice as the same rows, letting other callbacks run', async () => {
    // Storage hands over a megabyte at a time; emoji (surrogate pairs), CRLF and quoted line breaks
    // fall on the parser's slice boundaries somewhere in here.
    const lines = ['Name,City,Description'];
    for (let row = 0; row < 6_000; row += 1) lines.push(`"Café ${row} 🍰","Zürich","line one\r\nline ${'two '.repeat(row % 7)}"`);
    const text = `${lines.join('\r\n')}\r\n`;
    expect(text.length).toBeGreaterThan(4 * 64 * 1024);
    const options = { mapping: { name: 0, city: 1, description: 2 }, sourceRef: 'import:big.csv' };
    const read = async (pieces: AsyncIterable<string>) => {
      const rows: ParsedLeadRow[] = [];
      await readLeadCsv(pieces, options, (row) => void rows.push(row));
      return rows;
    };
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const inOnePiece = await read(piecesOf(text, text.length));
    ticking = false;
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(inOnePiece).toHaveLength(6_000);
    expect(inOnePiece[5_998]).toMatchObject({ candidate: { name: 'Café 5998 🍰', description: 'line one line two two two two two two' } });
    expect(inOnePiece).toEqual((await parseLeadCsv(text, options)).candidates);
  });

  it('refuses the first row past the limit, a binary piece, and a file without a header', async () => {
    const seen: number[] = [];
    const tooMany = piecesOf(`Name,City\n${'A,Austin\n'.repeat(50)}`, 10);
    await expect(readLeadCsv(tooMany, { mapping: { name: 0 }, sourceRef: 'x', maxRows: 20 }, (row) => void seen.push(row.row))).rejects.toThrow(/more than 20 rows/);
    expect(seen).toHaveLength(20);
    await expect(readLeadCsv(piecesOf(`Name,City\nA,Austin\n${'\u0000'.repeat(5)}`, 12), { mapping: { name: 0 }, sourceRef: 'x' }, () => {})).rejects.toThrow('This file is not a CSV');
    await expect(readLeadCsv(piecesOf('', 5), { mapping: { name: 0 }, sourceRef: 'x' }, () => {})).rejects.toThrow(/empty/);
  });
});
