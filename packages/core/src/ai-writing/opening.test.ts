import { expect, it } from 'vitest';
import { withOpening } from './opening.ts';

it('puts the opening after the greeting, or first when there is none', () => {
  expect(withOpening('Hi Ann,\n\nWould a call help?\n\nBest', 'Your new Austin shop looks busy.')).toBe('Hi Ann,\n\nYour new Austin shop looks busy.\n\nWould a call help?\n\nBest');
  expect(withOpening('Would a call help?\n\nBest', 'Your new Austin shop looks busy.')).toBe('Your new Austin shop looks busy.\n\nWould a call help?\n\nBest');
  expect(withOpening('Hi Ann,\n\nBody', '   ')).toBe('Hi Ann,\n\nBody');
});
