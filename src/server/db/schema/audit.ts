import { pgTable, text, uuid, timestamp, bigint, jsonb, bigserial, index } from 'drizzle-orm/pg-core';

// Append-only. `seq`, `prev_hash` and `hash` are set by a trigger (see the audit_chain migration)
// under an advisory lock, so the chain order is the commit order even with concurrent writers.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    seq: bigint({ mode: 'number' }).unique(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid(),
    actorTokenId: uuid(),
    actorOrganisationId: uuid(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    requestId: text(),
    outcome: text().notNull(),
    details: jsonb().notNull().default({}),
    prevHash: text(),
    hash: text(),
  },
  (t) => [
    index('audit_log_actor_idx').on(t.actorUserId, t.at),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    index('audit_log_action_idx').on(t.action, t.at),
  ],
);
