/**
 * Reading the server name (SNI) from the first bytes of a TLS connection, before any TLS object exists, so the
 * connection can be given the handshake policy of the site it names.
 *
 * Invariant: never reads past the buffer; answers `incomplete` only while more bytes could complete the first
 * record (at most 5 + 16384 bytes), and `unknown` for anything it cannot read (the TLS stack then decides).
 */

export type ClientHelloSni =
  | { readonly kind: 'incomplete' }
  /** name null: a ClientHello without a server_name extension. */
  | { readonly kind: 'sni'; readonly name: string | null }
  | { readonly kind: 'unknown' };

const INCOMPLETE: ClientHelloSni = { kind: 'incomplete' };
const UNKNOWN: ClientHelloSni = { kind: 'unknown' };
const NO_SNI: ClientHelloSni = { kind: 'sni', name: null };

const RECORD_HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const EXT_SERVER_NAME = 0x0000;
const MAX_RECORD = 16384;

/** Parses the ClientHello at the start of `buf` (one TLS record). */
export function readClientHelloSni(buf: Buffer): ClientHelloSni {
  if (buf.length < 5) return buf.length > 0 && buf[0] !== RECORD_HANDSHAKE ? UNKNOWN : INCOMPLETE;
  if (buf[0] !== RECORD_HANDSHAKE) return UNKNOWN;
  const recordLength = buf.readUInt16BE(3);
  if (recordLength > MAX_RECORD) return UNKNOWN;
  if (buf.length < 5 + recordLength) return INCOMPLETE;
  const record = buf.subarray(5, 5 + recordLength);
  if (record.length < 4 || record[0] !== CLIENT_HELLO) return UNKNOWN;
  const helloLength = (record[1] << 16) | (record[2] << 8) | record[3];
  // A ClientHello split over several records: rare enough to leave to the default policy.
  if (helloLength + 4 > record.length) return UNKNOWN;
  const hello = record.subarray(4, 4 + helloLength);
  let pos = 2 + 32; // client_version, random
  if (pos + 1 > hello.length) return UNKNOWN;
  pos += 1 + hello[pos]; // session_id
  if (pos + 2 > hello.length) return UNKNOWN;
  pos += 2 + hello.readUInt16BE(pos); // cipher_suites
  if (pos + 1 > hello.length) return UNKNOWN;
  pos += 1 + hello[pos]; // compression_methods
  if (pos === hello.length) return NO_SNI;
  if (pos + 2 > hello.length) return UNKNOWN;
  const end = pos + 2 + hello.readUInt16BE(pos);
  if (end > hello.length) return UNKNOWN;
  pos += 2;
  while (pos + 4 <= end) {
    const type = hello.readUInt16BE(pos);
    const length = hello.readUInt16BE(pos + 2);
    pos += 4;
    if (pos + length > end) return UNKNOWN;
    if (type === EXT_SERVER_NAME) return serverName(hello.subarray(pos, pos + length));
    pos += length;
  }
  return NO_SNI;
}

/** The server_name extension: a list of (type, name); type 0 is host_name. */
function serverName(ext: Buffer): ClientHelloSni {
  if (ext.length < 2) return UNKNOWN;
  const end = Math.min(ext.length, 2 + ext.readUInt16BE(0));
  let pos = 2;
  while (pos + 3 <= end) {
    const type = ext[pos];
    const length = ext.readUInt16BE(pos + 1);
    pos += 3;
    if (pos + length > end) return UNKNOWN;
    if (type === 0) return { kind: 'sni', name: ext.toString('latin1', pos, pos + length).toLowerCase() };
    pos += length;
  }
  return NO_SNI;
}
