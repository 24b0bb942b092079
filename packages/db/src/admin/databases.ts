import postgres from 'postgres';
import { withDatabase } from '../client.ts';

/** A short-lived connection to the server's maintenance database, for CREATE/DROP DATABASE. */
export function connectToServer(serverUrl: string): postgres.Sql {
  return postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function quoted(name: string): string {
  // Identifiers cannot be bound as parameters; names are checked against a strict pattern instead.
  if (!DATABASE_NAME.test(name)) throw new Error(`Refusing database name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export async function createDatabaseIfMissing(serverUrl: string, name: string): Promise<boolean> {
  const admin = connectToServer(serverUrl);
  try {
    const [existing] = await admin`select 1 from pg_database where datname = ${name}`;
    if (existing) return false;
    await admin.unsafe(`create database ${quoted(name)}`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function createDatabase(serverUrl: string, name: string, options: { template?: string } = {}): Promise<void> {
  const admin = connectToServer(serverUrl);
  try {
    const template = options.template ? ` template ${quoted(options.template)}` : '';
    await admin.unsafe(`create database ${quoted(name)}${template}`);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = connectToServer(serverUrl);
  try {
    await admin.unsafe(`drop database if exists ${quoted(name)} with (force)`);
  } finally {
    await admin.end();
  }
}

export async function listDatabases(serverUrl: string, prefix: string): Promise<string[]> {
  const admin = connectToServer(serverUrl);
  try {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where starts_with(datname, ${prefix})`;
    return rows.map((row) => row.datname);
  } finally {
    await admin.end();
  }
}
