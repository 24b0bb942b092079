import type { ReactNode } from 'react';

/**
 * The page a form of the app's frame (switch workspace, sign out) answers a refusal with: what did not
 * happen, the API's reason, and where to go from here. Those forms belong to no page that could show it.
 */
export function RefusedForm({ title, reason, children }: { title: string; reason: string; children: ReactNode }) {
  return (
    <section className="empty-state" aria-labelledby="refused-form-heading">
      <h1 id="refused-form-heading">{title}</h1>
      <p role="alert" className="break-anywhere">
        {reason}
      </p>
      {children}
    </section>
  );
}
