import { describe, expect, it } from 'vitest';
import { defaultSequence } from './default.ts';
import { ZSequence } from './schema.ts';
import { sequenceProblems } from './validate.ts';

const email = (id: string) => ({ id, type: 'email' as const, subject: 'Hi', body: 'Hello {{ unsubscribe_url }}' });
const wait = (id: string, businessDays = 1) => ({ id, type: 'wait' as const, businessDays });
const problemsOf = (input: unknown) => {
  const result = ZSequence.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('sequence validation', () => {
  it('accepts the default sequence as it is', () => {
    expect(sequenceProblems(defaultSequence().steps)).toEqual([]);
    expect(ZSequence.parse(defaultSequence())).toEqual(defaultSequence());
  });

  it('refuses an empty sequence, one with no email, and one over the cap', () => {
    expect(problemsOf({ steps: [] })).toEqual(['Add at least one step']);
    expect(problemsOf({ steps: [wait('w')] })).toEqual(['Add at least one email or contact form step']);
    expect(problemsOf({ steps: Array.from({ length: 21 }, (_, index) => email(`e${index}`)) })).toEqual(['A sequence has at most 20 steps']);
  });

  it('names duplicate ids and branches to missing steps', () => {
    expect(problemsOf({ steps: [email('a'), email('a')] })).toEqual(['Step id "a" is used twice']);
    const result = ZSequence.safeParse({ steps: [email('a'), { id: 'b', type: 'branch', on: 'opened', then: { action: 'goto', stepId: 'zz' } }] });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['steps.1.then.stepId', 'Step "b" goes to step "zz", which does not exist'],
    ]);
  });

  it('refuses a loop without a wait, and a loop that would send an email twice', () => {
    const noWait = { steps: [email('a'), { id: 'b', type: 'branch', on: 'opened', then: { action: 'goto', stepId: 'b' } }] } as const;
    expect(problemsOf(noWait)).toEqual(['Steps "b" loop without a wait']);
    const resend = { steps: [email('a'), wait('w'), { id: 'b', type: 'branch', on: 'opened', then: { action: 'stop' }, otherwise: { action: 'goto', stepId: 'a' } }] } as const;
    expect(problemsOf(resend)).toEqual(['Steps "a", "w", "b" loop through an email or contact form step, which can be sent only once per lead']);
  });

  it('allows a loop that waits for an event', () => {
    const waitForClick = {
      steps: [
        email('a'),
        wait('w', 2),
        { id: 'clicked', type: 'branch', on: 'clicked', then: { action: 'goto', stepId: 'thanks' }, otherwise: { action: 'goto', stepId: 'w' } },
        email('thanks'),
      ],
    } as const;
    expect(problemsOf(waitForClick)).toEqual([]);
  });

  it('refuses bad step fields with messages', () => {
    expect(problemsOf({ steps: [email('a'), wait('w', 0)] })).toEqual(['Wait at least one business day']);
    expect(problemsOf({ steps: [{ ...email('a'), id: 'has space' }] })[0]).toMatch(/A step id/);
  });
});
