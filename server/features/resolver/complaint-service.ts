import crypto from 'node:crypto';
import { IdentifierError, parseIdentifier } from '../../../chaincode/src/core/identifiers';
import type { Deps } from '../../deps';
import { InputError } from '../../http/errors';
import type { Principal } from '../auth/principal';
import { identifierOwner, insertComplaint, listComplaints, type ComplaintRow } from './complaint-queries';
import { brandOwner } from './public-projection';
import { publicEnterprises } from './public-trace-queries';
import type { ComplaintInput } from './resolver-schemas';

/** A complaint as its readers (the owning enterprise, regulators) see it. */
export interface ComplaintView {
  readonly id: string;
  readonly subjectId: string;
  readonly owner?: string;
  readonly message: string;
  readonly contact?: string;
  readonly createdAt: string;
}

function canonicalSubject(subjectId: string): { canonical: string; gtin?: string } {
  try {
    const parsed = parseIdentifier(subjectId);
    return { canonical: parsed.canonical, ...(parsed.gtin ? { gtin: parsed.gtin } : {}) };
  } catch (err) {
    if (err instanceof IdentifierError) throw new InputError('Invalid complaint', [{ path: 'subjectId', message: err.message }]);
    throw err;
  }
}

async function ownerOf(deps: Pick<Deps, 'knex'>, subject: { canonical: string; gtin?: string }): Promise<string | undefined> {
  if (subject.gtin) {
    const owner = brandOwner(await publicEnterprises(deps.knex), subject.gtin);
    if (owner) return owner.id;
  }
  return identifierOwner(deps.knex, subject.canonical);
}

function toView(r: ComplaintRow): ComplaintView {
  return {
    id: r.id,
    subjectId: r.subject_id,
    ...(r.owner ? { owner: r.owner } : {}),
    message: r.message,
    ...(r.contact ? { contact: r.contact } : {}),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Stores a consumer complaint, addressed to the enterprise that owns the product (by GS1 company prefix). */
export async function fileComplaint(deps: Pick<Deps, 'knex' | 'clock'>, input: ComplaintInput): Promise<ComplaintView> {
  const subject = canonicalSubject(input.subjectId);
  const owner = await ownerOf(deps, subject);
  const row: ComplaintRow = {
    id: `cmp_${crypto.randomBytes(12).toString('base64url')}`,
    subject_id: subject.canonical,
    owner: owner ?? null,
    message: input.message,
    contact: input.contact ?? null,
    created_at: deps.clock(),
  };
  await insertComplaint(deps.knex, row);
  return toView(row);
}

/** Complaints the principal may read: its own enterprise's, or all for regulators and admins. */
export async function complaintsFor(
  deps: Pick<Deps, 'knex'>,
  principal: Principal,
  page: { limit: number; offset: number },
): Promise<ComplaintView[]> {
  const owner = principal.role === 'enterprise' ? (principal.enterpriseId ?? '') : undefined;
  return (await listComplaints(deps.knex, owner, page.limit, page.offset)).map(toView);
}
