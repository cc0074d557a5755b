/** Adding a field name to a response's Vary header without duplicating it. */
import type { OutgoingHttpHeaders } from 'node:http';

export function addVary(headers: OutgoingHttpHeaders, field: string): void {
  const current = headers['vary'];
  if (current === undefined || current === '') {
    headers['vary'] = field;
    return;
  }
  const value = Array.isArray(current) ? current.join(', ') : String(current);
  const lower = field.toLowerCase();
  const present = value.split(',').some((v) => {
    const name = v.trim().toLowerCase();
    return name === lower || name === '*';
  });
  if (!present) headers['vary'] = `${value}, ${field}`;
}
