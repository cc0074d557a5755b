/**
 * Broken inputs for the fuzz test: token soup, and valid files damaged by line and character mutations
 * (deleted, duplicated and swapped lines, stray braces and quotes, unknown words, truncation).
 */
import type { Prng } from './prng.ts';

const SOUP = [
  '{', '}', '{ ', ' }', '"', '`', '#', '# c', '\n', '\n', '\n', ' ', ' ', '\t', '\r\n', '\\', '@m', '@', '<<E\n', '<<HTML\n', 'E', 'HTML',
  'respond', 'route', 'handle', 'handle_path', 'handle_errors', 'redir', 'rewrite', 'uri', 'header', 'request_header', 'import',
  'path', 'method', 'not', 'host', 'query', 'a=1', 'path_regexp', '^/x(\\d+)$', '/api/*', '*.css', '/', '*', 'GET',
  'example.com', 'a.com,b.com', ',', ':8080', 'http://:0', 'https://x.test', '127.0.0.1:3000', '[::1]:80', 'localhost',
  '(snip)', 'import snip', '{path}', '{host}', '{path.1}', '{re.m.1}', '{err.status}', '{$HOME}', '{$X:d}', '{nope}', '{', '{x',
  '"a b"', '"{host}"', '`raw`', 'sites/*.rws', '{a,b}.rws', '"{(){}"', '`[!a]*`', '**', '200', '404', '999', '0', '-1', '10s', '1KB', 'on', 'off', 'é', '🙂', '\u00a0', '\ufeff', '\0',
];

const INSERTS = ['{', '}', '"', '`', '{ x }', '<<EOF', '<<EOF\n', 'unknown_word foo', 'revers_proxy x', '@', '@nope', '#', '\\', 'import nope', 'import sites/{a,b}.rws', 'import "x{(){}"', '(s) {', '}}', '{{', '\n}\n', '"\n', 'EOF', '{host', ',', 'http://', ':99999'];

/** Pieces that often make a file that parses: for the formatter's layout rules (commas, braces, comments, heredocs). */
const LAYOUT = ['a', 'b,', ',c', ',', 'x,y', '{', '}', '{ ', ' }', '\n', '\n', '\n', ' ', '\t', '# c', '#', '<<E', '<<E\n', 'E', '\nE\n', '"q"', '`r`', '{p}', '{}', '@m', '\r\n', ' \\x', 'a#b', '(s)', '"\n"'];

export function layoutSoup(rng: Prng): string {
  let text = '';
  for (let i = rng.between(0, 25); i > 0; i--) text += rng.pick(LAYOUT);
  return text;
}

export function tokenSoup(rng: Prng): string {
  const n = rng.between(0, 60);
  let text = '';
  for (let i = 0; i < n; i++) text += rng.pick(SOUP) + (rng.chance(0.5) ? ' ' : '');
  return text;
}

type Mutation = (text: string, rng: Prng) => string;

const lineMutation = (f: (lines: string[], rng: Prng) => void): Mutation => (text, rng) => {
  const lines = text.split('\n');
  if (lines.length > 0) f(lines, rng);
  return lines.join('\n');
};

const MUTATIONS: readonly Mutation[] = [
  lineMutation((lines, rng) => void lines.splice(rng.int(lines.length), 1)),
  lineMutation((lines, rng) => {
    const i = rng.int(lines.length);
    lines.splice(i, 0, lines[i]);
  }),
  lineMutation((lines, rng) => {
    const i = rng.int(lines.length);
    const j = rng.int(lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }),
  lineMutation((lines, rng) => void lines.splice(rng.int(lines.length + 1), 0, rng.pick(INSERTS))),
  (text, rng) => {
    const at = rng.int(text.length + 1);
    return text.slice(0, at) + rng.pick(INSERTS) + text.slice(at);
  },
  (text, rng) => {
    const at = rng.int(text.length + 1);
    return text.slice(0, at) + text.slice(at + rng.between(1, 8));
  },
  (text, rng) => text.slice(0, rng.int(text.length + 1)),
  (text, rng) => {
    const at = rng.int(text.length);
    return text.slice(0, at) + rng.pick(['{', '}', '"', '`', ' ', '\n', '#', '@', ',', 'x']) + text.slice(at + 1);
  },
];

/** One to four random mutations of a text. */
export function mutate(text: string, rng: Prng): string {
  let out = text;
  for (let i = rng.between(1, 4); i > 0; i--) out = rng.pick(MUTATIONS)(out, rng);
  return out;
}
