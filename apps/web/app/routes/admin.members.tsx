import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { formFailure, formAnswerStatus } from '../utils/request-errors.server.ts';
import { UtcTime } from '../components/utc-time.tsx';

const ROLES = ['admin', 'operator', 'viewer'] as const;

export async function loader({ context }: LoaderFunctionArgs) {
  const [members, me] = await Promise.all([context.trpc.members.list(), context.trpc.auth.me()]);
  return { members, myUserId: me?.user.id ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const userId = String(form.get('userId') ?? '');
  try {
    if (form.get('intent') === 'remove') await context.trpc.members.remove({ userId });
    else await context.trpc.members.changeRole({ userId, role: String(form.get('role')) as (typeof ROLES)[number] });
    return { message: undefined };
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ message: failure.message }, { status: formAnswerStatus(status) });
  }
}

export default function MembersPage() {
  const { members, myUserId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card wide" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <p className="muted">To add someone, allowlist their email on the Allowlist tab; they join when they first sign in.</p>
      <FormMessage message={result?.message} />
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.userId}>
                <td>
                  {member.email}
                  {member.userId === myUserId ? <span className="muted"> (you)</span> : null}
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={member.userId} />
                    <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
                      Role of {member.email}
                    </label>
                    <select id={`role-${member.userId}`} name="role" defaultValue={member.role}>
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                    <button type="submit" name="intent" value="role" className="secondary-button">
                      Save
                    </button>
                  </Form>
                </td>
                <td>{member.lastSignInAt ? <UtcTime at={member.lastSignInAt} /> : 'never'}</td>
                <td>
                  <Form
                    method="post"
                    onSubmit={(event) => {
                      if (!confirm(`Remove ${member.email} from this workspace? They lose access at once.`)) event.preventDefault();
                    }}
                  >
                    <input type="hidden" name="userId" value={member.userId} />
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
    </section>
  );
}
