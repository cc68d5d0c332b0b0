import { Column, Entity, PrimaryColumn } from 'typeorm';
import { columnList, columnOf, columnsOf, recordsetOf, selectAs } from '../entity-columns.js';
import { InboxMessage } from '../inbox-message.entity.js';
import { OutboxMessage } from '../outbox-message.entity.js';

@Entity({ name: 'odd_names' })
class OddNames {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'Mixed Case', type: 'text' })
  mixed!: string;

  @Column({ name: 'untyped' })
  untyped!: string;
}

class NotAnEntity {
  id!: string;
}

describe('entity columns', () => {
  it('names the column of a property from its decorator, or the property itself', () => {
    expect(columnOf(OutboxMessage, 'publishedAt')).toBe('published_at');
    expect(columnOf(OutboxMessage, 'subject')).toBe('subject');
    expect([...columnsOf(InboxMessage).entries()]).toEqual([
      ['consumer', 'consumer'],
      ['messageId', 'message_id'],
      ['receivedAt', 'received_at'],
    ]);
  });

  it('aliases each column to its property, so pg answers rows of the entity type', () => {
    expect(selectAs(InboxMessage)).toBe('consumer, message_id AS "messageId", received_at AS "receivedAt"');
    expect(selectAs(OutboxMessage, ['id', 'createdAt'], 'o')).toBe('o.id, o.created_at AS "createdAt"');
  });

  it('lists columns for INSERT targets and ON CONFLICT', () => {
    expect(columnList(OutboxMessage, ['id', 'subject', 'payload', 'headers'])).toBe('id, subject, payload, headers');
    expect(columnList(InboxMessage, ['messageId', 'consumer'])).toBe('message_id, consumer');
  });

  it('quotes a name that is not a plain lower-case identifier', () => {
    expect(selectAs(OddNames, ['id', 'mixed'], 'Odd')).toBe('"Odd".id, "Odd"."Mixed Case" AS "mixed"');
  });

  it('declares a jsonb_to_recordset definition list by property with each column type, and reads it back in that order', () => {
    expect(recordsetOf(InboxMessage, ['messageId', 'consumer', 'receivedAt'], 'r')).toEqual({
      definition: '"messageId" text, consumer text, "receivedAt" timestamptz',
      select: 'r."messageId", r.consumer, r."receivedAt"',
    });
  });

  it('reads a jsonb property whose JSON value is null as SQL NULL when asked, and only a jsonb one of the recordset', () => {
    expect(recordsetOf(OutboxMessage, ['id', 'headers'], 'r', { jsonNullAsNull: ['headers'] }).select).toBe(
      "r.id, CASE WHEN jsonb_typeof(r.headers) = 'null' THEN NULL ELSE r.headers END",
    );
    expect(() => recordsetOf(OutboxMessage, ['id', 'subject'], 'r', { jsonNullAsNull: ['subject'] })).toThrow('OutboxMessage.subject: jsonNullAsNull names a jsonb property');
    expect(() => recordsetOf(OutboxMessage, ['id'], 'r', { jsonNullAsNull: ['headers'] })).toThrow('OutboxMessage.headers: jsonNullAsNull names a jsonb property');
  });

  it('fails, naming it, on a recordset property that is no column or declares no SQL type', () => {
    // @ts-expect-error: the type already refuses a property the entity does not have
    expect(() => recordsetOf(InboxMessage, ['nope'], 'r')).toThrow('InboxMessage.nope is not a column');
    expect(() => recordsetOf(OddNames, ['id', 'untyped'], 'r')).toThrow('OddNames.untyped declares no SQL type');
  });

  it('fails, naming it, on a property that is no column or a class that is no entity', () => {
    // @ts-expect-error: the type already refuses a property the entity does not have
    expect(() => columnOf(OutboxMessage, 'nope')).toThrow('OutboxMessage.nope is not a column');
    expect(() => columnsOf(NotAnEntity)).toThrow('NotAnEntity is not an entity');
  });
});
