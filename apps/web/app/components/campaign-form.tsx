import { Form } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { FieldErrors } from './field.tsx';

export interface CampaignFormValues {
  name: string;
  description: string;
  timeZone: string;
  queries: string;
  locations: string;
  categories: string;
  pagesPerQuery: string;
  sources: string[];
  /** Score weights as typed, by reason code; absent when the form does not edit them. */
  weights?: Record<string, string>;
}

/** One score weight the form edits; labels come from the server (see utils/vocabulary.server.ts). */
export interface ScoreWeightField {
  code: string;
  label: string;
  weight: number;
  defaultWeight: number;
}

const WEIGHT_FIELD_PREFIX = 'weight.';

export const EMPTY_CAMPAIGN_FORM: CampaignFormValues = {
  name: '',
  description: '',
  timeZone: 'UTC',
  queries: '',
  locations: '',
  categories: '',
  pagesPerQuery: '1',
  sources: ['search', 'places'],
};

/**
 * Name, time zone and target of a campaign: what discovery searches for, where, and how deep; with
 * `weightFields`, also how its leads are scored. `intent` names the action when a page has several.
 */
export function CampaignForm({
  values,
  errors,
  submitLabel,
  busy,
  intent,
  weightFields,
  suggestTimeZone = false,
}: {
  values: CampaignFormValues;
  errors: Record<string, string[] | undefined>;
  submitLabel: string;
  busy: boolean;
  intent?: string;
  weightFields?: ScoreWeightField[];
  /** For a new campaign: replace the default zone with the browser's. */
  suggestTimeZone?: boolean;
}) {
  const timeZone = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // The browser knows the person's zone; the server-rendered default is only a fallback.
    const input = timeZone.current;
    if (suggestTimeZone && input && input.value === EMPTY_CAMPAIGN_FORM.timeZone && values.timeZone === EMPTY_CAMPAIGN_FORM.timeZone) {
      input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || input.value;
    }
  }, [suggestTimeZone, values.timeZone]);
  const invalid = (field: string) => (errors[field]?.length ? { 'aria-invalid': true as const, 'aria-describedby': `campaign-${field}-error` } : {});
  return (
    <Form method="post" className="campaign-form">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <div className="form-grid">
        <div className="field">
          <label className="field-label" htmlFor="campaign-name">Name</label>
          <input id="campaign-name" name="name" defaultValue={values.name} required maxLength={200} {...invalid('name')} />
          <FieldErrors id="campaign-name-error" errors={errors.name} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="campaign-time-zone">Time zone</label>
          <input id="campaign-time-zone" name="timeZone" defaultValue={values.timeZone} required ref={timeZone} placeholder="America/Chicago" {...invalid('timeZone')} />
          <FieldErrors id="campaign-timeZone-error" errors={errors.timeZone} />
        </div>
        <div className="field span-all">
          <label className="field-label" htmlFor="campaign-description">Description</label>
          <textarea id="campaign-description" name="description" defaultValue={values.description} rows={2} maxLength={5000} {...invalid('description')} />
          <FieldErrors id="campaign-description-error" errors={errors.description} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="campaign-queries">Search queries</label>
          <textarea id="campaign-queries" name="queries" defaultValue={values.queries} rows={4} required placeholder={'plumber\nemergency plumbing'} {...invalid('queries')} />
          <span className="field-hint">One per line, up to 20.</span>
          <FieldErrors id="campaign-queries-error" errors={errors.queries} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="campaign-locations">Locations</label>
          <textarea id="campaign-locations" name="locations" defaultValue={values.locations} rows={4} placeholder={'Austin, TX\nRound Rock, TX'} {...invalid('locations')} />
          <span className="field-hint">One per line; each query runs in each location.</span>
          <FieldErrors id="campaign-locations-error" errors={errors.locations} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="campaign-categories">Categories</label>
          <textarea id="campaign-categories" name="categories" defaultValue={values.categories} rows={4} placeholder="Plumber" {...invalid('categories')} />
          <span className="field-hint">One per line; leads in these categories score higher.</span>
          <FieldErrors id="campaign-categories-error" errors={errors.categories} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="campaign-pages">Result pages per query</label>
          <input id="campaign-pages" name="pagesPerQuery" type="number" min={1} max={5} defaultValue={values.pagesPerQuery} required {...invalid('pagesPerQuery')} />
          <span className="field-hint">Web search pages of 10 results, 1–5.</span>
          <FieldErrors id="campaign-pagesPerQuery-error" errors={errors.pagesPerQuery} />
        </div>
        <fieldset className="field">
          <legend className="field-label">Sources</legend>
          <label className="checkbox">
            <input type="checkbox" name="sources" value="search" defaultChecked={values.sources.includes('search')} /> Web search
          </label>
          <label className="checkbox">
            <input type="checkbox" name="sources" value="places" defaultChecked={values.sources.includes('places')} /> Business listings
          </label>
          <span className="field-hint">Websites found by either are visited for contacts.</span>
          <FieldErrors id="campaign-sources-error" errors={errors.sources} />
        </fieldset>
        {weightFields ? (
          <fieldset className="field span-all">
            <legend className="field-label">Score weights</legend>
            <span className="field-hint">
              How much each reason adds to a lead's score, 0–100; only their ratios matter. Blank means the default. Changing them rescores
              this campaign's leads.
            </span>
            <div className="weight-grid">
              {weightFields.map((field) => (
                <div className="field" key={field.code}>
                  <label className="field-label" htmlFor={`campaign-weight-${field.code}`}>{field.label}</label>
                  <input
                    id={`campaign-weight-${field.code}`}
                    name={`${WEIGHT_FIELD_PREFIX}${field.code}`}
                    type="number"
                    min={0}
                    max={100}
                    step={1}
                    placeholder={String(field.defaultWeight)}
                    defaultValue={values.weights?.[field.code] ?? String(field.weight)}
                    {...invalid(field.code)}
                  />
                  <FieldErrors id={`campaign-${field.code}-error`} errors={errors[field.code]} />
                </div>
              ))}
            </div>
          </fieldset>
        ) : null}
      </div>
      <button type="submit" className="button" disabled={busy}>{submitLabel}</button>
    </Form>
  );
}

/** Splits a one-per-line textarea into its non-blank lines. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** What a campaign form posted, as typed, to show again with the errors when it is refused. */
export function readCampaignForm(form: FormData): CampaignFormValues {
  const text = (name: string) => String(form.get(name) ?? '');
  const weights: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith(WEIGHT_FIELD_PREFIX) && typeof value === 'string') weights[name.slice(WEIGHT_FIELD_PREFIX.length)] = value;
  }
  return {
    name: text('name'),
    description: text('description'),
    timeZone: text('timeZone'),
    queries: text('queries'),
    locations: text('locations'),
    categories: text('categories'),
    pagesPerQuery: text('pagesPerQuery'),
    sources: form.getAll('sources').map(String),
    ...(Object.keys(weights).length > 0 ? { weights } : {}),
  };
}

/**
 * The campaign as the API takes it. A blank weight is left out (the default applies); anything else
 * goes as a number, so the API's validation answers a bad one.
 */
export function campaignInputOf(values: CampaignFormValues) {
  const scoreWeights = values.weights
    ? Object.fromEntries(Object.entries(values.weights).flatMap(([code, weight]) => (weight.trim() === '' ? [] : [[code, Number(weight)]])))
    : undefined;
  return {
    name: values.name,
    description: values.description,
    timeZone: values.timeZone,
    target: {
      queries: linesOf(values.queries),
      locations: linesOf(values.locations),
      categories: linesOf(values.categories),
      pagesPerQuery: Number(values.pagesPerQuery) || 1,
      sources: values.sources.filter((source): source is 'search' | 'places' => source === 'search' || source === 'places'),
    },
    ...(scoreWeights ? { scoreWeights } : {}),
  };
}

/** A stored campaign as the form shows it for editing. */
export function campaignFormValuesOf(campaign: {
  name: string;
  description: string;
  timeZone: string;
  target: { queries: string[]; locations: string[]; categories: string[]; pagesPerQuery: number; sources: string[] };
}): CampaignFormValues {
  return {
    name: campaign.name,
    description: campaign.description,
    timeZone: campaign.timeZone,
    queries: campaign.target.queries.join('\n'),
    locations: campaign.target.locations.join('\n'),
    categories: campaign.target.categories.join('\n'),
    pagesPerQuery: String(campaign.target.pagesPerQuery),
    sources: [...campaign.target.sources],
  };
}
