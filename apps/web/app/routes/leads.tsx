import type { MetaFunction } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';
import { leadVocabulary } from '../utils/vocabulary.server.ts';

export const meta: MetaFunction = () => [{ title: 'Leads · Switchboard' }];

/** The words every leads page shows (statuses, reasons, import fields), for `useLeadVocabulary`. */
export function loader() {
  return { vocabulary: leadVocabulary() };
}

const SECTIONS = [
  { to: '/leads', label: 'All leads', end: true },
  { to: '/leads/review', label: 'Review queue', end: false },
  { to: '/leads/import', label: 'Import CSV', end: false },
] as const;

/** Leads: the table, the approval queue and CSV import, under one heading. */
export default function LeadsLayout() {
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Leads</h1>
          <p className="muted">Businesses found by discovery or imported, scored and deduplicated. Nothing reaches outreach without an approval.</p>
        </div>
      </header>
      <nav aria-label="Leads" className="tabs">
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} end={section.end} className={({ isActive }) => (isActive ? 'tab active' : 'tab')}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}
