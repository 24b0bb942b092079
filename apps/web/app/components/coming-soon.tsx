export function ComingSoon({ title, description }: { title: string; description: string }) {
  return (
    <>
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <section className="empty-state">
        <p className="empty-title">Coming soon</p>
        <p>{description}</p>
      </section>
    </>
  );
}
