export const PASSWORD_MIN_LENGTH = 12;
// argon2 hashes any length, but an unbounded input is a cheap way to make the server work hard.
export const PASSWORD_MAX_LENGTH = 256;

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'Do not use your email address as your password.';
  if (new Set(password).size < 4) return 'Use a less repetitive password.';
  return null;
}
