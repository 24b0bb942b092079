import { describe, expect, it } from 'vitest';
import { deriveMasterKey } from '../crypto/index.ts';
import { toCsv } from '../csv/index.ts';
import { hideUnsubscribeLinks, isSuppressedBy, parseSuppressionValue, suppressionCsvColumns, UNSUBSCRIBE_LINK_HIDDEN, unsubscribeUrl, type SuppressionExportRow } from './entries.ts';
import { parseSuppressionCsv, SUPPRESSION_IMPORT_REPORTED_REJECTIONS } from './import-csv.ts';
import { createUnsubscribeToken, deriveUnsubscribeKey, verifyUnsubscribeToken } from './unsubscribe-token.ts';

const WORKSPACE = '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c8d';
const SEND = '0190f2c4-0000-7000-8000-000000000001';
const key = deriveUnsubscribeKey(deriveMasterKey('a-test-master-secret-that-is-long-enough'));

describe('suppression entries', () => {
  it('reads an address or a whole domain, lower-cased', () => {
    expect(parseSuppressionValue('  Jane@Acme.COM ')).toEqual({ ok: true, entry: { kind: 'email', value: 'jane@acme.com' } });
    expect(parseSuppressionValue('mailto:<Bob@acme.co.uk>')).toEqual({ ok: true, entry: { kind: 'email', value: 'bob@acme.co.uk' } });
    expect(parseSuppressionValue('ACME.com')).toEqual({ ok: true, entry: { kind: 'domain', value: 'acme.com' } });
    expect(parseSuppressionValue('@acme.com')).toEqual({ ok: true, entry: { kind: 'domain', value: 'acme.com' } });
    expect(parseSuppressionValue('xn--bcher-kva.example')).toMatchObject({ ok: true, entry: { kind: 'domain' } });
  });

  it('refuses what is neither, saying why', () => {
    expect(parseSuppressionValue('   ')).toEqual({ ok: false, message: 'Enter an email address or a domain.' });
    expect(parseSuppressionValue('jane doe@acme.com')).toMatchObject({ ok: false, message: expect.stringMatching(/space/) });
    expect(parseSuppressionValue('acme')).toMatchObject({ ok: false, message: expect.stringMatching(/needs a dot/) });
    expect(parseSuppressionValue('jane@acme')).toMatchObject({ ok: false, message: expect.stringMatching(/after @ needs a dot/) });
    expect(parseSuppressionValue('10.0.0.1')).toMatchObject({ ok: false, message: expect.stringMatching(/top-level domain/) });
    expect(parseSuppressionValue('a@-acme.com')).toMatchObject({ ok: false, message: expect.stringMatching(/characters a domain cannot have/) });
    expect(parseSuppressionValue('"x"@acme.com')).toMatchObject({ ok: false, message: expect.stringMatching(/before @/) });
    expect(parseSuppressionValue(`${'a'.repeat(320)}@acme.com`)).toMatchObject({ ok: false, message: expect.stringMatching(/longer/) });
  });

  it('suppresses an address by its exact entry or its whole domain, never by a subdomain or a lookalike', () => {
    const entries = [
      { kind: 'email', value: 'jane@acme.com' },
      { kind: 'domain', value: 'globex.com' },
    ] as const;
    expect(isSuppressedBy(entries, 'Jane@ACME.com ')).toBe(true);
    expect(isSuppressedBy(entries, 'bob@acme.com')).toBe(false);
    expect(isSuppressedBy(entries, 'anyone@Globex.com')).toBe(true);
    expect(isSuppressedBy(entries, 'anyone@mail.globex.com')).toBe(false);
    expect(isSuppressedBy(entries, 'globex.com@evil.test')).toBe(false);
    expect(isSuppressedBy([], 'jane@acme.com')).toBe(false);
  });

  it('exports CSV whose first column an import reads back', async () => {
    const rows: SuppressionExportRow[] = [
      { kind: 'email', value: 'jane@acme.com', source: 'unsubscribe', reason: null, createdAt: new Date('2026-12-01T10:00:00Z') },
      { kind: 'domain', value: 'globex.com', source: 'manual', reason: '=asked, by phone', createdAt: '2026-12-01T11:00:00.000Z' },
    ];
    const csv = toCsv(rows, suppressionCsvColumns());
    expect(csv).toBe(
      'value,kind,source,reason,added (UTC)\r\n' +
        'jane@acme.com,email,unsubscribe,,2026-12-01T10:00:00.000Z\r\n' +
        `globex.com,domain,manual,"'=asked, by phone",2026-12-01T11:00:00.000Z\r\n`,
    );
    const back = await parseSuppressionCsv(csv);
    expect(back.hasHeader).toBe(true);
    expect(back.entries.map((entry) => entry.value)).toEqual(['jane@acme.com', 'globex.com']);
    expect(back.entries[1]?.reason).toBe("'=asked, by phone");
  });

  it('builds the public unsubscribe URL', () => {
    expect(unsubscribeUrl('https://sb.example.com/', 'abc_-1')).toBe('https://sb.example.com/u/abc_-1');
  });
});

describe('hiding unsubscribe links', () => {
  it('replaces each signed link in text, HTML and the List-Unsubscribe header, and leaves other links and the mailto alone', () => {
    const url = unsubscribeUrl('https://sb.example.com/', createUnsubscribeToken(key, { workspaceId: '8f9a7c1e-1111-4a2b-9c3d-000000000001', email: 'ann@acme.test', sendId: '8f9a7c1e-1111-4a2b-9c3d-000000000002' }));
    const text = `Not interested? Unsubscribe: ${url}\nOur site: https://acme.test/pricing`;
    const html = `<p><a href="${url}">Unsubscribe</a> · <a href="https://acme.test/u">us</a></p>`;
    const header = `<${url}>, <mailto:ann@acme.test?subject=unsubscribe>`;
    expect(hideUnsubscribeLinks(text)).toBe(`Not interested? Unsubscribe: ${UNSUBSCRIBE_LINK_HIDDEN}\nOur site: https://acme.test/pricing`);
    expect(hideUnsubscribeLinks(html)).toBe(`<p><a href="${UNSUBSCRIBE_LINK_HIDDEN}">Unsubscribe</a> · <a href="https://acme.test/u">us</a></p>`);
    expect(hideUnsubscribeLinks(header)).toBe(`<${UNSUBSCRIBE_LINK_HIDDEN}>, <mailto:ann@acme.test?subject=unsubscribe>`);
  });
});

describe('suppression import', () => {
  it('reads a headerless file of addresses and domains, reporting bad rows by row number and skipping repeats', async () => {
    const parsed = await parseSuppressionCsv('jane@acme.com\nnot an address\n\nACME.org\njane@ACME.com\n');
    expect(parsed.hasHeader).toBe(false);
    expect(parsed.entries).toEqual([
      { kind: 'email', value: 'jane@acme.com', reason: null },
      { kind: 'domain', value: 'acme.org', reason: null },
    ]);
    expect(parsed.rejected).toEqual([{ row: 2, value: 'not an address', message: expect.stringMatching(/space/) }]);
    expect(parsed.duplicateCount).toBe(1);
  });

  it('finds the address column and a reason column by their headers', async () => {
    const parsed = await parseSuppressionCsv('Name;E-mail Address;Note\nJane;jane@acme.com;asked by phone\nBob;;\n');
    expect(parsed.hasHeader).toBe(true);
    expect(parsed.entries).toEqual([{ kind: 'email', value: 'jane@acme.com', reason: 'asked by phone' }]);
    expect(parsed.rejected).toEqual([{ row: 3, value: '', message: 'Enter an email address or a domain.' }]);
  });

  it('counts every rejection but reports only the first ones', async () => {
    const lines = Array.from({ length: SUPPRESSION_IMPORT_REPORTED_REJECTIONS + 5 }, (_, index) => `bad${index}`);
    const parsed = await parseSuppressionCsv(lines.join('\n'));
    expect(parsed.rejectedCount).toBe(SUPPRESSION_IMPORT_REPORTED_REJECTIONS + 5);
    expect(parsed.rejected).toHaveLength(SUPPRESSION_IMPORT_REPORTED_REJECTIONS);
  });

  it('refuses a spreadsheet file in words', async () => {
    await expect(parseSuppressionCsv('PK\u0003\u0004binary')).rejects.toThrow(/not a CSV/);
  });
});

describe('unsubscribe tokens', () => {
  it('round-trip the workspace, address and send', () => {
    const token = createUnsubscribeToken(key, { workspaceId: WORKSPACE, email: 'Jane@Acme.com', sendId: SEND });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('acme');
    expect(verifyUnsubscribeToken(key, token)).toEqual({ workspaceId: WORKSPACE, email: 'jane@acme.com', sendId: SEND });
    const noSend = createUnsubscribeToken(key, { workspaceId: WORKSPACE, email: 'bob@acme.com' });
    expect(verifyUnsubscribeToken(key, noSend)).toEqual({ workspaceId: WORKSPACE, email: 'bob@acme.com', sendId: null });
  });

  it('are invalid when any byte is changed, cut short, extended, or signed with another key', () => {
    const token = createUnsubscribeToken(key, { workspaceId: WORKSPACE, email: 'jane@acme.com' });
    const bytes = Buffer.from(token, 'base64url');
    for (let index = 0; index < bytes.length; index += 1) {
      const altered = Buffer.from(bytes);
      altered[index] = altered[index]! ^ 0x01;
      expect(verifyUnsubscribeToken(key, altered.toString('base64url'))).toBeNull();
    }
    expect(verifyUnsubscribeToken(key, token.slice(0, -2))).toBeNull();
    expect(verifyUnsubscribeToken(key, `${token}AA`)).toBeNull();
    const otherKey = deriveUnsubscribeKey(deriveMasterKey('another-master-secret-that-is-long-enough'));
    expect(verifyUnsubscribeToken(otherKey, token)).toBeNull();
    for (const junk of ['', 'x', 'not a token', '../../etc', 'A'.repeat(2000), SEND]) expect(verifyUnsubscribeToken(key, junk)).toBeNull();
  });

  it('use a key of their own, not the key that seals provider keys', () => {
    const masterKey = deriveMasterKey('a-test-master-secret-that-is-long-enough');
    expect(deriveUnsubscribeKey(masterKey).equals(masterKey)).toBe(false);
    expect(deriveUnsubscribeKey(masterKey).equals(key)).toBe(true);
  });
});
