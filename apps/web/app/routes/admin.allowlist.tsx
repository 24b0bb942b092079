import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { AdminOutboxHint } from '../components/auth-links.tsx';
import { FieldErrors, FormMessage } from '../components/field.tsx';
import { formFailure, formAnswerStatus } from '../utils/request-errors.server.ts';

const ROLES = ['operator', 'viewer', 'admin'] as const;

export async function loader({ context }: LoaderFunctionArgs) {
  return { entries: await context.trpc.allowlist.list() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    if (form.get('intent') === 'remove') {
      await context.trpc.allowlist.remove({ id: String(form.get('id') ?? '') });
      return { message: undefined, added: undefined, invited: false, valueErrors: undefined };
    }
    const entry = await context.trpc.allowlist.add({
      value: String(form.get('value') ?? ''),
      role: String(form.get('role')) as (typeof ROLES)[number],
      invite: form.get('invite') === 'on',
    });
    return { message: undefined, added: entry.invited ? `${entry.value} can now sign in; a sign-in link is on its way.` : `${entry.value} can now sign in.`, invited: entry.invited, valueErrors: undefined };
  } catch (error) {
    const { status, failure } = formFailure(error);
    // A refused address is the address field's problem: said under it, as the other forms do.
    if (form.get('intent') !== 'remove' && status === 400) {
      return { message: undefined, added: undefined, invited: false, valueErrors: failure.fieldErrors.value ?? [failure.message] };
    }
    return data({ message: failure.message ?? failure.fieldErrors.value?.join(' '), added: undefined, invited: false, valueErrors: undefined }, { status: formAnswerStatus(status) });
  }
}

export default function AllowlistPage() {
  const { entries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card wide" aria-labelledby="allowlist-heading">
      <h2 id="allowlist-heading">Allowlist</h2>
      <p className="muted">
        Only these addresses and domains can sign in. Someone allowlisted joins this workspace with the role shown when they first
        sign in, with a password or an emailed link.
      </p>
      {/* Keyed by the last addition, so the form starts empty again after one and keeps what was typed after a refusal. */}
      <Form key={result?.added ?? 'add'} method="post" className="inline-form add-entry">
        <div className="field">
          <label className="field-label" htmlFor="allowlist-value">
            Email or domain
          </label>
          <input
            id="allowlist-value"
            name="value"
            placeholder="jane@acme.com or acme.com"
            required
            aria-invalid={result?.valueErrors ? true : undefined}
            aria-describedby={result?.valueErrors ? 'allowlist-value-error' : undefined}
          />
          <FieldErrors id="allowlist-value-error" errors={result?.valueErrors} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="allowlist-role">
            Role
          </label>
          <select id="allowlist-role" name="role" defaultValue="operator">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="invite" defaultChecked /> Email an address a sign-in link
        </label>
        <button type="submit" name="intent" value="add" className="button">
          Allowlist
        </button>
      </Form>
      <FormMessage message={result?.message} />
      {result?.added ? (
        <p role="status" className="notice">
          {result.added} {result.invited ? <AdminOutboxHint /> : null}
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p className="muted">Nobody is allowlisted yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Email or domain</th>
                <th scope="col">Kind</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{entry.value}</td>
                  <td>{entry.kind}</td>
                  <td>{entry.role}</td>
                  <td>
                    <Form
                      method="post"
                      onSubmit={(event) => {
                        if (!confirm(`Remove ${entry.value} from the allowlist? They will no longer be able to sign in.`)) event.preventDefault();
                      }}
                    >
                      <input type="hidden" name="id" value={entry.id} />
                      <button type="submit" name="intent" value="remove" className="link-button danger">
                        Remove
                      </button>
                    </Form>
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
