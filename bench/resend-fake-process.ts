// The Resend fake in a process of its own, as Resend is another machine: its work does not share the
// worker's event loop. Tells its parent where it listens, and answers `stats` with what it took.
import { startResendFake } from '@switchboard/provider-fakes';

export interface FakeStats {
  accepted: number;
  /** Distinct idempotency keys among the emails taken whose key starts with the asked prefix. */
  distinctKeys: number;
  acceptedWithPrefix: number;
}

const fake = await startResendFake();
process.on('message', (message: { type: 'stats'; keyPrefix: string } | { type: 'close' }) => {
  if (message.type === 'close') {
    void fake.close().then(() => process.exit(0));
    return;
  }
  const taken = fake.accepted.filter((email) => email.idempotencyKey?.startsWith(message.keyPrefix));
  const stats: FakeStats = { accepted: fake.accepted.length, distinctKeys: new Set(taken.map((email) => email.idempotencyKey)).size, acceptedWithPrefix: taken.length };
  process.send!({ type: 'stats', stats });
});
// The bench stopped without closing it (killed, crashed): go with it.
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready', baseUrl: fake.baseUrl, apiKey: fake.apiKey });
