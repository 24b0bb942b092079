import type { LeadFilterQuery } from '../utils/lead-filters.ts';
import { useLeadVocabulary } from './lead-vocabulary.tsx';

/**
 * The lead filters both the lead list and the review queue offer (score, city, category,
 * confidence, campaign), filled with the filter the page used (the URL's, less any it left out); each
 * page adds its own fields around them.
 */
export function LeadFilterFields({ idPrefix, campaigns, filter }: { idPrefix: string; campaigns: { id: string; name: string }[]; filter: LeadFilterQuery }) {
  const vocabulary = useLeadVocabulary();
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <>
      <div className="field narrow">
        <label className="field-label" htmlFor={id('min-score')}>Min score</label>
        <input id={id('min-score')} name="minScore" type="number" min={0} max={100} defaultValue={filter.minScore ?? ''} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id('city')}>City</label>
        <input id={id('city')} name="city" defaultValue={filter.city ?? ''} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id('category')}>Category</label>
        <input id={id('category')} name="category" defaultValue={filter.category ?? ''} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id('confidence')}>Confidence</label>
        <select id={id('confidence')} name="confidence" defaultValue={filter.confidence ?? ''}>
          <option value="">Any</option>
          {vocabulary.confidences.map((confidence) => (
            <option key={confidence} value={confidence}>{confidence}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id('campaign')}>Campaign</label>
        <select id={id('campaign')} name="campaign" defaultValue={filter.campaignId ?? ''}>
          <option value="">Any</option>
          {campaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>{campaign.name}</option>
          ))}
        </select>
      </div>
    </>
  );
}
