import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { formFailure, formAnswerStatus } from '../utils/request-errors.server.ts';
import { UtcTime } from '../components/utc-time.tsx';

const ROLES = ['viewer', 'operator', 'admin'] as const;

export async function loader({ context }: LoaderFunctionArgs) {
  return { tokens: await context.trpc.tokens.list() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    if (form.get('intent') === 'revoke') {
      await context.trpc.tokens.revoke({ id: String(form.get('id') ?? '') });
      return { message: undefined, created: undefined };
    }
    const days = Number(form.get('expiresInDays') || 0);
    const created = await context.trpc.tokens.create({
      name: String(form.get('name') ?? ''),
      role: String(form.get('role')) as (typeof ROLES)[number],
      ...(days > 0 ? { expiresInDays: days } : {}),
    });
    return { message: undefined, created: created.token };
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ message: failure.message, created: undefined }, { status: formAnswerStatus(status) });
  }
}

export default function TokensPage() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card wide" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">
        For scripts calling the API with <code>Authorization: Bearer …</code>. A token acts with its role, never more than its
        creator's current role, in this workspace.
      </p>
      {/* Keyed by the token just created, so the form starts empty again after one and keeps what was typed after a refusal. */}
      <Form key={result?.created ?? 'create'} method="post" className="inline-form filters">
        <div className="field">
          <label className="field-label" htmlFor="token-name">Name</label>
          <input id="token-name" name="name" placeholder="nightly export" required />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="token-role">Role</label>
          <select id="token-role" name="role" defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role} value={role}>{role}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="token-expiry">Expires after (days)</label>
          <input id="token-expiry" name="expiresInDays" type="number" min={1} max={3650} placeholder="never" />
        </div>
        <button type="submit" name="intent" value="create" className="button">Create token</button>
      </Form>
      <FormMessage message={result?.message} />
      {result?.created ? (
        <div role="status" className="notice">
          <p>Copy this token now: it is not shown again.</p>
          <code className="token-once" data-testid="new-token">{result.created}</code>
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <p className="muted">No tokens yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created by</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{token.role}</td>
                  <td>{token.createdByEmail}</td>
                  <td>{token.expiresAt ? <UtcTime at={token.expiresAt} show="date" /> : 'never'}</td>
                  <td>{token.lastUsedAt ? <UtcTime at={token.lastUsedAt} /> : 'never'}</td>
                  <td>
                    {token.revokedAt ? (
                      <span className="muted">revoked</span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="id" value={token.id} />
                        <button type="submit" name="intent" value="revoke" className="link-button danger">Revoke</button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
