import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { trpc } from '../utils/trpc.client.ts';
import { waitForLiveEvent } from '../utils/live.ts';

const TEST_TIMEOUT_MS = 20_000;

/** Asks the worker to try the key, and shows its answer when the live event arrives. */
export function KeyTestButton({ provider }: { provider: 'openai' | 'resend' | 'vapi' | 'search' | 'smtp' }) {
  const revalidator = useRevalidator();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'testing' } | { kind: 'done'; ok: boolean; message: string }>({ kind: 'idle' });

  async function test() {
    setState({ kind: 'testing' });
    const expected = { testId: '' };
    const result = waitForLiveEvent('provider.key_tested', (payload) => payload.testId === expected.testId, TEST_TIMEOUT_MS);
    result.catch(() => undefined);
    try {
      expected.testId = (await trpc.keys.test.mutate({ provider })).testId;
    } catch (error) {
      // Refused (a test of this key already waits in the queue, say): the server's sentence says why.
      setState({ kind: 'done', ok: false, message: error instanceof Error ? error.message : 'The test could not be started.' });
      return;
    }
    try {
      const answer = await result;
      setState({ kind: 'done', ok: answer.ok, message: answer.message });
      // The worker stored the result on the key: reload so the card's state says it too.
      revalidator.revalidate();
    } catch {
      setState({ kind: 'done', ok: false, message: 'No answer from the worker: is it running?' });
    }
  }

  return (
    <span className="inline-form">
      <button type="button" className="secondary-button" onClick={() => void test()} disabled={state.kind === 'testing'}>
        {state.kind === 'testing' ? 'Testing…' : 'Test connection'}
      </button>
      {state.kind === 'done' ? (
        <output className={state.ok ? 'good-text' : 'bad-text'} data-testid={`key-test-${provider}`}>
          {state.message}
        </output>
      ) : null}
    </span>
  );
}
