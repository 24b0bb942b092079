import { forwardRef } from 'react';
import { useLeadVocabulary } from './lead-vocabulary.tsx';

/** The reasons a lead can be rejected for; a reason is always asked, never assumed. */
export const RejectReasonSelect = forwardRef<HTMLSelectElement, { id: string; name?: string; form?: string; label?: string }>(
  function RejectReasonSelect({ id, name = 'reason', form, label = 'Reject reason' }, ref) {
    const { rejectReasons } = useLeadVocabulary();
    return (
      <span className="field inline-field">
        <label className="field-label" htmlFor={id}>{label}</label>
        <select id={id} name={name} form={form} required defaultValue="" ref={ref}>
          <option value="" disabled>Choose a reason…</option>
          {rejectReasons.map((reason) => (
            <option key={reason.value} value={reason.value}>{reason.label}</option>
          ))}
        </select>
      </span>
    );
  },
);
