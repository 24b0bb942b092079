/** Says which of the link's filters the page left out, and why (utils/link-filters.server.ts). */
export function IgnoredFiltersNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="notice warn-notice" role="status" data-testid="ignored-filters">
      {message}
    </p>
  );
}
