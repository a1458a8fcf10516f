import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { chunksOf } from './projection';

/** Rows per statement when they travel as one JSON text: bounded by memory, not by bound parameters. */
const JSON_ROWS_PER_STATEMENT = 10_000;

/** What a row that is already there (by a unique key) does: stays, or takes the new values of some columns. */
export type OnConflict =
  | { ignore: true }
  | { update: readonly string[]; on: readonly string[] }
  /** A whole `ON CONFLICT …` tail written by hand, for updates `update` cannot say (adding to the stored value). */
  | { clause: string };

/**
 * Inserts `rows` of an entity, in statements of up to ten thousand rows, with the rows travelling as ONE
 * JSON parameter that PostgreSQL expands with `json_to_recordset`.
 *
 * Raw SQL, through the transaction's manager, because the query builder cannot say it: its
 * multi-row insert binds one parameter per value (thousands per statement) and spends most of a
 * projection's catch-up CPU building and escaping them (bench/RESULTS.md, issue 16). Here the only
 * value is one JSON text, made by `JSON.stringify` in native code. Nothing of a row's values is
 * concatenated into the SQL: table, columns and types come from the entity's TypeORM metadata.
 *
 * Properties are the entity's property names; `bigint` values are sent as decimal strings, `Date`s
 * as ISO instants, objects (jsonb columns) as nested JSON. Answers the rows `returning` names, of
 * the rows actually written.
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
  onConflict?: OnConflict,
  returning: readonly (keyof T & string)[] = [],
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const metadata = em.connection.getMetadata(entity);
  const columns = metadata.columns.filter((c) => !c.isGenerated);
  const quote = (name: string) => em.connection.driver.escape(name);
  const bigints = columns.filter((c) => c.type === 'bigint').map((c) => c.propertyName);
  const recordset = columns.map((c) => `${quote(c.propertyName)} ${em.connection.driver.normalizeType(c)}${c.isArray ? '[]' : ''}`).join(', ');
  const sql = [
    `INSERT INTO ${quote(metadata.tableName)} (${columns.map((c) => quote(c.databaseName)).join(', ')})`,
    `SELECT ${columns.map((c) => `r.${quote(c.propertyName)}`).join(', ')} FROM json_to_recordset($1::json) AS r(${recordset})`,
    conflictClause(onConflict, quote),
    returning.length ? `RETURNING ${returning.map((p) => quote(metadata.findColumnWithPropertyName(p)!.databaseName)).join(', ')}` : '',
  ].join(' ');
  const written: Record<string, unknown>[] = [];
  for (const chunk of chunksOf(rows, JSON_ROWS_PER_STATEMENT)) {
    const json = JSON.stringify(bigints.length ? chunk.map((row) => withBigintsAsText(row, bigints)) : chunk);
    const result: Record<string, unknown>[] = await em.query(sql, [json]);
    if (returning.length) written.push(...result);
  }
  return written;
}

function conflictClause(onConflict: OnConflict | undefined, quote: (name: string) => string): string {
  if (onConflict === undefined) return '';
  if ('ignore' in onConflict) return 'ON CONFLICT DO NOTHING';
  if ('clause' in onConflict) return onConflict.clause;
  return `ON CONFLICT (${onConflict.on.map(quote).join(', ')}) DO UPDATE SET ${onConflict.update.map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`).join(', ')}`;
}

function withBigintsAsText<T extends ObjectLiteral>(row: T, properties: readonly string[]): ObjectLiteral {
  const copy: ObjectLiteral = { ...row };
  for (const p of properties) if (typeof copy[p] === 'bigint') copy[p] = copy[p].toString();
  return copy;
}
