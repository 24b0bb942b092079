import { createContext, useContext } from 'react';

// Empty in the browser, which hides nonces from the page anyway; Remix only needs it while rendering on the server.
export const NonceContext = createContext('');

/** This response's CSP nonce, for the inline scripts Remix renders (<Scripts>, <ScrollRestoration>). */
export function useNonce(): string {
  return useContext(NonceContext);
}
