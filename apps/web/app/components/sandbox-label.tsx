/** Marks what the sandbox recipient made up (a reply, an out-of-office) so no one takes it for a person's. */
export function SandboxLabel() {
  return (
    <span className="pill pill-warn" data-testid="sandbox-label" title="Simulated by Switchboard’s sandbox recipient: no one wrote this.">
      Sandbox
    </span>
  );
}
