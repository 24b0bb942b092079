import { useSearchParams } from '@remix-run/react';
import { leadFilterFromParams } from '../utils/lead-filters.ts';
import { useLeadVocabulary } from './lead-vocabulary.tsx';

/**
 * The lead filters both the lead list and the review queue offer (score, city, category,
 * confidence, campaign), filled from the URL; each page adds its own fields around them.
 */
export function LeadFilterFields({ idPrefix, campaigns }: { idPrefix: string; campaigns: { id: string; name: string }[] }) {
  const [params] = useSearchParams();
  const vocabulary = useLeadVocabulary();
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <>
      <div className="field narrow">
        <label className="field-label" htmlFor={id('min-score')}>Min score</label>
        <input id={id('min-score')} name="minScore" type="number" min={0} max={100} defaultValue={leadFilterFromParams(params).minScore ?? ''} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id('city')}>City</label>
        <input id={id('city')} name="city" defaultValue={params.get('city') ?? ''} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id('category')}>Category</label>
        <input id={id('category')} name="category" defaultValue={params.get('category') ?? ''} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id('confidence')}>Confidence</label>
        <select id={id('confidence')} name="confidence" defaultValue={params.get('confidence') ?? ''}>
          <option value="">Any</option>
          {vocabulary.confidences.map((confidence) => (
            <option key={confidence} value={confidence}>{confidence}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id('campaign')}>Campaign</label>
        <select id={id('campaign')} name="campaign" defaultValue={params.get('campaign') ?? ''}>
          <option value="">Any</option>
          {campaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>{campaign.name}</option>
          ))}
        </select>
      </div>
    </>
  );
}
