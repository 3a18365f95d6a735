import { createHash } from 'node:crypto';

export type NotificationTopic = 'breakers' | 'approvals';

/**
 * The LISTEN/NOTIFY channel of one topic in one store schema. Notifications are per database,
 * not per schema, so the schema is part of the name; it is hashed to stay a short lower-case
 * identifier (a 63-byte limit) whatever the schema name.
 */
export function notificationChannel(schema: string, topic: NotificationTopic): string {
  return `gatehouse_${topic}_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}
