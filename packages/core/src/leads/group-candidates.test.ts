import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LeadCandidate } from './candidate.ts';
import { candidateMatchStrength, groupLeadCandidates, leadCandidateKeyStrings, prepareLeadCandidate, type KeyedLeadCandidate } from './group-candidates.ts';

const candidate = (overrides: Partial<LeadCandidate>): LeadCandidate => ({
  name: 'Joes Plumbing',
  source: { kind: 'import', ref: 'list.csv#row1', evidence: {} },
  ...overrides,
});

interface Entry extends KeyedLeadCandidate {
  id: number;
}

const entry = (id: number, keys: Partial<KeyedLeadCandidate['keys']>, sourceKey: string | null = null, nameWords: string[] = []): Entry => ({
  id,
  keys: { nameKey: null, domain: null, phone: null, emails: [], ...keys },
  sourceKey,
  nameWords,
});

const ids = (groups: Entry[][]) => groups.map((group) => group.map((member) => member.id));

describe('prepareLeadCandidate', () => {
  it('works out keys and fields once and remembers the position in the batch', () => {
    const prepared = prepareLeadCandidate(
      candidate({ website: 'https://www.joesplumbing.com/contact', phone: '+15125550147', city: 'Austin', country: 'US', contacts: [{ email: 'Jane@JoesPlumbing.com' }] }),
      7,
    );
    expect(prepared.index).toBe(7);
    expect(prepared.keys).toEqual({ nameKey: 'joes plumbing|austin|us', domain: 'joesplumbing.com', phone: '+15125550147', emails: ['jane@joesplumbing.com'] });
    expect(prepared.fields.name).toBe('Joes Plumbing');
  });

  it('gives an import row no source key, since a row number says nothing about the business', () => {
    expect(prepareLeadCandidate(candidate({}), 0).sourceKey).toBeNull();
    expect(prepareLeadCandidate(candidate({ source: { kind: 'places', ref: 'place-1', evidence: {} } }), 0).sourceKey).toBe('places\u0000place-1');
  });

  it('names a nameless business after its site or phone, and cuts long names', () => {
    expect(prepareLeadCandidate(candidate({ name: ' ', website: 'acme.com' }), 0).fields.name).toBe('acme.com');
    expect(prepareLeadCandidate(candidate({ name: ' ', phone: '+15125550147' }), 0).fields.name).toBe('+15125550147');
    expect(prepareLeadCandidate(candidate({ name: ' ' }), 0).fields.name).toBe('Unnamed business');
    expect(prepareLeadCandidate(candidate({ name: 'x'.repeat(400) }), 0).fields.name).toHaveLength(300);
  });
});

describe('leadCandidateKeyStrings', () => {
  it('prefixes each key with its kind, so equal text of different kinds never matches', () => {
    expect(leadCandidateKeyStrings(entry(0, { nameKey: 'a', domain: 'a', phone: 'a', emails: ['a', 'b'] }, 'a'))).toEqual(['n:a', 'd:a', 'p:a', 'e:a', 'e:b', 's:a']);
    expect(leadCandidateKeyStrings(entry(0, {}))).toEqual([]);
  });
});

describe('groupLeadCandidates', () => {
  it('puts candidates that share a key together, transitively, in input order', () => {
    const groups = groupLeadCandidates([
      entry(0, { domain: 'acme.com' }, null, ['acme']),
      entry(1, { phone: '+15125550147' }, null, ['joe', 'plumbing']),
      entry(2, { domain: 'acme.com', emails: ['jane@other.com'] }, null, ['acme']),
      entry(3, { phone: '+15125550147' }, null, ['joe', 'plumbing', 'austin']),
      entry(4, { emails: ['jane@other.com'] }, null, ['acme']),
      entry(5, {}),
    ]);
    expect(ids(groups)).toEqual([[0, 2, 4], [1, 3], [5]]);
  });

  it('does not join two businesses that share only a phone or an address', () => {
    const groups = groupLeadCandidates([
      entry(0, { phone: '+15125550147', nameKey: 'joes plumbing|austin|us' }, null, ['joe', 'plumbing']),
      entry(1, { phone: '+15125550147', nameKey: 'bright smiles|dallas|us' }, null, ['bright', 'smile']),
      entry(2, { emails: ['desk@shared.example.com'] }, null, ['alpha', 'dental']),
      entry(3, { emails: ['desk@shared.example.com'] }, null, ['beta', 'dental']),
      // A phone and an address together are enough.
      entry(4, { phone: '+15125550148', emails: ['a@x.example.com'] }, null, ['one']),
      entry(5, { phone: '+15125550148', emails: ['a@x.example.com'] }, null, ['two']),
    ]);
    expect(ids(groups)).toEqual([[0], [1], [2], [3], [4, 5]]);
  });

  it('does not join a domain to a name that happens to have the same text', () => {
    expect(ids(groupLeadCandidates([entry(0, { domain: 'acme' }), entry(1, { nameKey: 'acme' })]))).toEqual([[0], [1]]);
  });

  it('joins two sightings of the same listing', () => {
    expect(ids(groupLeadCandidates([entry(0, {}, 'places\u0000p1'), entry(1, {}, 'places\u0000p1')]))).toEqual([[0, 1]]);
  });

  it('returns no groups for no candidates', () => {
    expect(groupLeadCandidates([])).toEqual([]);
  });

  // Few distinct values, so random batches share keys often and chains form.
  const key = (prefix: string) => fc.option(fc.constantFrom(...['1', '2', '3', '4', '5'].map((value) => `${prefix}${value}`)), { nil: null });
  const arbitraryEntries = fc
    .array(
      fc.record({
        keys: fc.record({ nameKey: key('n'), domain: key('d'), phone: key('p'), emails: fc.uniqueArray(fc.constantFrom('a@x.io', 'b@x.io', 'c@x.io'), { maxLength: 2 }) }),
        sourceKey: key('s'),
        nameWords: fc.constantFrom<string[]>([], ['joe'], ['joe', 'plumbing'], ['rosa', 'bakery']),
      }),
      { maxLength: 30 },
    )
    .map((records) => records.map((record, id): Entry => ({ id, ...record })));

  const membership = (groups: Entry[][]) => new Set(groups.map((group) => group.map((member) => member.id).sort((a, b) => a - b).join(',')));

  it('is a partition: every candidate in exactly one non-empty group, each group in input order', () => {
    fc.assert(
      fc.property(arbitraryEntries, (entries) => {
        const groups = groupLeadCandidates(entries);
        const seen = groups.flat().map((member) => member.id);
        expect(seen.slice().sort((a, b) => a - b)).toEqual(entries.map((member) => member.id));
        for (const group of groups) {
          expect(group.length).toBeGreaterThan(0);
          const order = group.map((member) => member.id);
          expect(order).toEqual(order.slice().sort((a, b) => a - b));
        }
      }),
    );
  });

  it('puts strongly matching candidates in one group, and no two groups share an identifying key', () => {
    fc.assert(
      fc.property(arbitraryEntries, (entries) => {
        const groups = groupLeadCandidates(entries);
        const groupOf = new Map<number, number>();
        groups.forEach((group, index) => group.forEach((member) => groupOf.set(member.id, index)));
        for (const a of entries) {
          for (const b of entries) {
            if (candidateMatchStrength(a, b) === 'strong') expect(groupOf.get(a.id)).toBe(groupOf.get(b.id));
          }
        }
        const ownerOfKey = new Map<string, number>();
        for (const member of entries) {
          for (const keyString of leadCandidateKeyStrings(member).filter((keyString) => /^[nds]:/.test(keyString))) {
            const owner = ownerOfKey.get(keyString);
            if (owner === undefined) ownerOfKey.set(keyString, groupOf.get(member.id)!);
            else expect(groupOf.get(member.id)).toBe(owner);
          }
        }
      }),
    );
  });

  it('keeps a group together only through strong matches: each group is connected by them', () => {
    fc.assert(
      fc.property(arbitraryEntries, (entries) => {
        for (const group of groupLeadCandidates(entries)) {
          const reached = [group[0]!];
          for (let grew = true; grew; ) {
            grew = false;
            for (const member of group) {
              if (reached.includes(member)) continue;
              if (reached.some((other) => candidateMatchStrength(member, other) === 'strong')) {
                reached.push(member);
                grew = true;
              }
            }
          }
          expect(reached.length).toBe(group.length);
        }
      }),
    );
  });

  it('forms the same groups whatever order the candidates come in', () => {
    fc.assert(
      fc.property(
        arbitraryEntries.chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }))),
        ([entries, shuffled]) => {
          expect(membership(groupLeadCandidates(shuffled))).toEqual(membership(groupLeadCandidates(entries)));
        },
      ),
    );
  });
});
