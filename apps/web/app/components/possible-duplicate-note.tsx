import { Link } from '@remix-run/react';
import type { ApiOutputs } from '../utils/api-types.ts';

/** Another lead this one may be; what they share stays with the other lead (phone and email are unique keys). */
export type PossibleDuplicate = NonNullable<ApiOutputs['leads']['get']['possibleDuplicateOf']>;

/**
 * A lead kept apart from another because they share only a phone number or an address: says what
 * they share and links to the other, so a reviewer can reject it as a duplicate or approve it.
 */
export function PossibleDuplicateNote({ duplicate }: { duplicate: PossibleDuplicate }) {
  const shared = [duplicate.evidence.phone ? `phone ${duplicate.evidence.phone}` : null, ...(duplicate.evidence.emails ?? [])].filter(Boolean).join(', ');
  return (
    <p className="notice warn-notice" role="note" data-testid="possible-duplicate">
      Possible duplicate of <Link to={`/leads/${duplicate.id}`}>{duplicate.name}</Link>
      {shared ? <>: both list {shared}</> : null}. It was kept apart because its name and website say another business; reject it as a duplicate
      if it is the same one.
    </p>
  );
}
