import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { organisations, userRoles, users } from '../../db/schema/index.js';
import { assertStrongPassword, hashPassword } from '../../platform/auth/password.js';
import { writeAudit } from '../../platform/audit.js';
import { usernameTaken } from './users.repository.js';

/** First administrator of a fresh installation (CLI). Belongs to a national organisation, created if none exists. */
export async function createAdmin(
  database: Database,
  opts: { username: string; password: string; organisationName?: string | undefined },
): Promise<string> {
  const db = database.db;
  assertStrongPassword(opts.password, opts.username);
  if (await usernameTaken(db, opts.username)) throw new Error(`username ${opts.username} is taken`);
  const passwordHash = await hashPassword(opts.password);
  return db.transaction(async (trx) => {
    const existing = await trx.select({ id: organisations.id }).from(organisations)
      .where(sql`${organisations.provinceCode} IS NULL AND ${organisations.level} = 'national'`).orderBy(organisations.createdAt).limit(1);
    let orgId = existing[0]?.id;
    if (!orgId) {
      const name = opts.organisationName ?? 'กองต่อต้านการค้ามนุษย์ กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์';
      const [org] = await trx.insert(organisations).values({
        nameTh: name, nameEn: opts.organisationName ?? 'Anti-Trafficking in Persons Division, MSDHS',
        sector: 'central_government', level: 'national',
      }).returning({ id: organisations.id });
      orgId = org!.id;
    }
    const [u] = await trx.insert(users).values({
      organisationId: orgId, username: opts.username, displayName: opts.username, passwordHash, mustChangePassword: true,
    }).returning({ id: users.id });
    await trx.insert(userRoles).values({ userId: u!.id, role: 'system_admin' });
    await writeAudit(trx, { actor: null, requestId: 'cli' }, { action: 'user.created', targetType: 'user', targetId: u!.id, details: { roles: ['system_admin'], via: 'cli' } });
    return u!.id;
  });
}
