import { useLoaderData } from '@remix-run/react';
import type { LoaderFunctionArgs } from '@remix-run/node';

export async function loader({ context }: LoaderFunctionArgs) {
  return { status: await context.trpc.system.status() };
}

export default function Index() {
  const { status } = useLoaderData<typeof loader>();
  return <pre>{JSON.stringify(status, null, 2)}</pre>;
}
