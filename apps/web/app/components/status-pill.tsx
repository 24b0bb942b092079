export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

export function StatusPill({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`pill pill-${tone}`}>{children}</span>;
}
