/**
 * @module
 * Instructor accounts and sign-in sessions (instructors' and learners'), kept as hashes of their ids.
 */
import type { Queryable } from '../db/database.ts';
import { hashPassword, hashSecret, newId, newSecret, verifyPassword } from '../secrets.ts';

export interface Instructor {
  id: string;
  email: string;
  name: string;
}

export interface Session {
  instructorId: string | null;
  learnerId: string | null;
  csrfToken: string;
  expiresAt: number;
}

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export async function createInstructor(db: Queryable, input: { email: string; name: string; password: string }): Promise<Instructor> {
  const instructor = { id: newId(), email: input.email.trim().toLowerCase(), name: input.name.trim() };
  await db.run('INSERT INTO instructors (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
    instructor.id,
    instructor.email,
    instructor.name,
    await hashPassword(input.password),
    Date.now(),
  ]);
  return instructor;
}

// A hash of a password nobody has, checked when the email is unknown, so both answers take as long.
const NOBODY = hashPassword(newSecret());

/** The instructor with these credentials, or undefined; as slow for an unknown email as for a wrong password. */
export async function signIn(db: Queryable, email: string, password: string): Promise<Instructor | undefined> {
  const [row] = await db.query<Instructor & { password_hash: string }>(
    'SELECT id, email, name, password_hash FROM instructors WHERE email = $1',
    [email.trim().toLowerCase()],
  );
  const ok = await verifyPassword(password, row?.password_hash ?? (await NOBODY));
  return row && ok ? { id: row.id, email: row.email, name: row.name } : undefined;
}

export async function instructorById(db: Queryable, id: string): Promise<Instructor | undefined> {
  const [row] = await db.query<Instructor>('SELECT id, email, name FROM instructors WHERE id = $1', [id]);
  return row;
}

export async function countInstructors(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM instructors');
  return Number(row?.n ?? 0);
}

/** A new session; the returned id goes in the cookie and is never stored. */
export async function openSession(db: Queryable, owner: { instructorId?: string; learnerId?: string }): Promise<{ id: string; session: Session }> {
  const id = newSecret();
  const session: Session = {
    instructorId: owner.instructorId ?? null,
    learnerId: owner.learnerId ?? null,
    csrfToken: newSecret(),
    expiresAt: Date.now() + SESSION_LIFETIME_MS,
  };
  await db.run('INSERT INTO sessions (id_hash, instructor_id, learner_id, csrf_token, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    hashSecret(id),
    session.instructorId,
    session.learnerId,
    session.csrfToken,
    session.expiresAt,
    Date.now(),
  ]);
  return { id, session };
}

export async function findSession(db: Queryable, id: string): Promise<Session | undefined> {
  const [row] = await db.query<{ instructor_id: string | null; learner_id: string | null; csrf_token: string; expires_at: number }>(
    'SELECT instructor_id, learner_id, csrf_token, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2',
    [hashSecret(id), Date.now()],
  );
  return row && { instructorId: row.instructor_id, learnerId: row.learner_id, csrfToken: row.csrf_token, expiresAt: Number(row.expires_at) };
}

export async function closeSession(db: Queryable, id: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE id_hash = $1 OR expires_at <= $2', [hashSecret(id), Date.now()]);
}
