/** Diagnostic codes: RWS2xxx structure, RWS30xx directive framework (unknown directive, scope, arity), RWS4xxx matchers/placeholders, RWS5xxx semantic checks. Merged into CODES in codes.ts. */
import type { CodeInfo } from './codes.ts';

export const PIPELINE_CODES = {
  // --- RWS2xxx structure: files, imports, snippets, environment, sites ------------------------------------
  RWS2001: {
    severity: 'error',
    title: 'Global options block not first',
    explanation:
      'A block with no address (`{ ... }`) holds the global options and must be the first thing in the Rwsfile. ' +
      'Move it to the top of the file, or add the site address it was meant to have.',
  },
  RWS2002: {
    severity: 'error',
    title: 'Top-level line without a block',
    explanation:
      'At the top level of an Rwsfile only site blocks (`example.com { ... }`), snippet definitions (`(name) { ... }`), ' +
      'an `import` line and the global options block are allowed. Directives belong inside a site block: wrap them in ' +
      '`example.com { ... }`.',
  },
  RWS2003: {
    severity: 'error',
    title: 'Unknown import',
    explanation:
      '`import NAME` pastes the snippet `(NAME) { ... }`; `import path/to/file.rws` or `import dir/*.rws` pastes files, ' +
      'relative to the importing file. Neither a snippet nor a file of that name was found: check the spelling, or ' +
      'define the snippet with `(NAME) { ... }` at the top level.',
  },
  RWS2004: {
    severity: 'error',
    title: 'Circular import',
    explanation:
      'A snippet or file imports itself, directly or through other imports, so pasting it would never end. ' +
      'The notes show each step of the cycle: remove one of the imports.',
  },
  RWS2005: {
    severity: 'warning',
    title: 'Environment variable not set',
    explanation:
      '`{$NAME}` is replaced by the environment variable when the Rwsfile is compiled. The variable is not set, so ' +
      'it became an empty string. Set it, or give a default: `{$NAME:default}`.',
  },
  RWS2006: {
    severity: 'error',
    title: 'Snippet defined twice',
    explanation: 'Two snippets have the same name. Snippet names are global to the Rwsfile and its imports: rename one.',
  },
  RWS2007: {
    severity: 'error',
    title: 'Misplaced snippet definition',
    explanation:
      'Snippets (`(name) { ... }`) are defined at the top level of the Rwsfile or of a file imported at the top level, ' +
      'not inside a block. Move the definition out of the block.',
  },
  RWS2008: {
    severity: 'error',
    title: 'Import without a target',
    explanation: '`import` needs the name of a snippet or a file path (or glob): `import common` or `import sites/*.rws`.',
  },
  RWS2009: {
    severity: 'warning',
    title: 'Snippet argument out of range',
    explanation:
      'The snippet uses `{args[N]}` but the `import` line passes fewer arguments, so it became an empty string. ' +
      'Pass the argument on the `import` line: `import name arg0 arg1`.',
  },
  RWS2010: {
    severity: 'error',
    title: 'Invalid snippet definition',
    explanation:
      'A snippet definition is a name in parentheses followed by a block: `(name) { ... }`. The name may not be empty and ' +
      'nothing else may be written on the line.',
  },
  RWS2011: {
    severity: 'error',
    title: 'Invalid site address',
    explanation:
      'A site address is `[http://|https://]host[:port]`, `:port`, `*.example.com` (one wildcard label, leftmost) or ' +
      '`[::1]:8080`. It has no path. Separate several addresses with commas: `example.com, www.example.com {`.',
  },
  RWS2012: {
    severity: 'warning',
    title: 'Import glob matched no files',
    explanation: 'The glob in `import` matched no file, so nothing was imported. Check the pattern and the folder.',
  },
  RWS2013: {
    severity: 'error',
    title: 'Site block without an address',
    explanation: 'A site block needs at least one address before `{`: `example.com {`, `:8080 {`.',
  },
  RWS2014: {
    severity: 'error',
    title: 'Cannot read the Rwsfile',
    explanation: 'The main configuration file does not exist or cannot be read. Check the path given to rws.',
  },

  // --- RWS30xx directive framework -------------------------------------------------------------------------
  RWS3001: {
    severity: 'error',
    title: 'Unknown directive',
    explanation:
      'The first word of the line is not a directive (or, in the global options block, not a global option). ' +
      'Check the spelling: the hint suggests the closest name valid here. Directives are listed in docs/directives.md.',
  },
  RWS3002: {
    severity: 'error',
    title: 'Directive in the wrong place',
    explanation:
      'The directive exists but is not allowed where it is written: global options go in the `{ }` block at the top of ' +
      'the file, site directives inside a site block, and route directives inside a site or a `route`/`handle` block.',
  },
  RWS3003: {
    severity: 'error',
    title: 'Too many arguments',
    explanation: 'The directive was given more arguments than its syntax allows. The hint shows the expected syntax.',
  },
  RWS3004: {
    severity: 'error',
    title: 'Missing arguments',
    explanation: 'The directive needs more arguments than were given. The hint shows the expected syntax.',
  },
  RWS3005: {
    severity: 'error',
    title: 'Unexpected block',
    explanation: 'This directive (or subdirective) does not take a `{ ... }` block. Remove the block.',
  },
  RWS3006: {
    severity: 'error',
    title: 'Missing block',
    explanation: 'This directive needs a `{ ... }` block after its arguments.',
  },
  RWS3007: {
    severity: 'error',
    title: 'Unknown subdirective',
    explanation: 'The line inside the block is not one of the subdirectives this directive understands. The hint suggests the closest one.',
  },
  RWS3008: {
    severity: 'error',
    title: 'Subdirective repeated',
    explanation: 'This subdirective may appear only once in the block. Remove the extra line.',
  },
  RWS3009: {
    severity: 'error',
    title: 'Option set twice',
    explanation:
      'A site option (`tls`, `log`, `bind`, `handle_errors`, …) or a global option was given twice. Only one is used, ' +
      'so remove the other.',
  },
  RWS3010: {
    severity: 'error',
    title: 'Directive does not take a matcher',
    explanation:
      'Only directives that handle requests take a matcher (`@name`, or a path such as `/api/*`) as their first ' +
      'argument. Remove the matcher, or wrap the directive in `handle @name { ... }`.',
  },
  RWS3011: {
    severity: 'error',
    title: 'Invalid `handle_path` prefix',
    explanation:
      '`handle_path` takes a path prefix, written as an inline path matcher such as `/api/*`: it handles requests under ' +
      'that prefix and strips the prefix before running its block. Named matchers and suffix patterns are not allowed; ' +
      'use `handle @name { uri strip_prefix /x ... }` instead.',
  },

  // --- RWS4xxx matchers and placeholders -------------------------------------------------------------------
  RWS4001: {
    severity: 'error',
    title: 'Unknown matcher type',
    explanation:
      'Matcher types are `path`, `path_regexp`, `host`, `method`, `header`, `header_regexp`, `query`, `remote_ip`, `client_ip`, ' +
      '`protocol` and `not`. The hint suggests the closest one.',
  },
  RWS4002: {
    severity: 'error',
    title: 'Matcher defined twice',
    explanation:
      'Two named matchers in the same site have the same name. A named matcher with several conditions is written as a ' +
      'block: `@name { path /a/* \\n method GET }`. Rename or merge them.',
  },
  RWS4003: {
    severity: 'error',
    title: 'Unknown matcher',
    explanation: 'The `@name` does not refer to a named matcher defined in this site. Define it with `@name <type> args...`, or fix the spelling.',
  },
  RWS4005: {
    severity: 'error',
    title: 'Invalid matcher arguments',
    explanation:
      'The matcher was given arguments it cannot use: e.g. `path` needs at least one pattern starting with `/` or `*`, ' +
      '`query` takes `key=value` pairs, `remote_ip` takes IP addresses or CIDR ranges, `protocol` takes one of ' +
      '`http`, `https`, `http/1.1`, `http/2`.',
  },
  RWS4006: {
    severity: 'error',
    title: 'Empty matcher',
    explanation: 'A named matcher or `not` block has no conditions, so it would match everything. Add a condition or remove it.',
  },
  RWS4007: {
    severity: 'error',
    title: 'Unknown placeholder',
    explanation:
      'Placeholders such as `{host}`, `{path}`, `{query.NAME}`, `{header.NAME}`, `{path.N}`, `{vars.NAME}`, ' +
      '`{re.MATCHER.N}` are replaced per request. This one is not known: check the spelling, or write `\\{` for a ' +
      'literal brace.',
  },
  RWS4008: {
    severity: 'error',
    title: 'Placeholder not available here',
    explanation: '`{err.status}`, `{err.message}` and `{err.id}` only have a value while handling an error: use them inside `handle_errors { ... }`.',
  },
  RWS4009: {
    severity: 'error',
    title: 'Unknown regexp capture',
    explanation:
      '`{re.NAME.N}` reads capture group N (a number or a group name) of the `path_regexp` or `header_regexp` named NAME ' +
      '(its own name if it was given one, else the named matcher it belongs to). No regexp of that name exists in this site.',
  },
  RWS4010: {
    severity: 'error',
    title: 'Malformed placeholder',
    explanation:
      'The placeholder is known but its argument is not valid: `{path.N}` and `{labels.N}` take an integer, ' +
      '`{query.NAME}` / `{header.NAME}` / `{cookie.NAME}` / `{vars.NAME}` need a name.',
  },
  RWS4011: {
    severity: 'error',
    title: 'Ambiguous regexp name',
    explanation:
      'Two regexps in the same site have the same capture name, so `{re.NAME.N}` could mean either. Give one of them ' +
      'its own name: `path_regexp name <re>` or `header_regexp name <Field> <re>`.',
  },

  // --- RWS5xxx semantic checks -----------------------------------------------------------------------------
  RWS5001: {
    severity: 'error',
    title: 'Duplicate site address',
    explanation:
      'Two sites claim the same host on the same listener (scheme, bind address and port), so requests could not be ' +
      'told apart. Merge the sites, or remove the address from one of them.',
  },
  RWS5002: {
    severity: 'error',
    title: 'HTTP and HTTPS on the same port',
    explanation:
      'One port serves either plain HTTP or HTTPS. A site is HTTPS when its address starts with `https://` or it has a ' +
      '`tls` directive. Use different ports, or make both sites the same scheme.',
  },
  RWS5003: {
    severity: 'error',
    title: 'HTTPS site without a certificate',
    explanation:
      'An `https://` site without a host name (a catch-all such as `https://` or `https://:8443`) cannot get an automatic ' +
      'certificate: name the host, add `tls <cert.pem> <key.pem>`, or `tls { on_demand }` to obtain certificates at the first handshake.',
  },
  RWS5004: {
    severity: 'warning',
    title: 'Route can never run',
    explanation:
      'An earlier directive in the same list answers every request this one could match (it ends request handling and ' +
      'has no matcher, or the same matchers), so this one never runs. The note points at the directive that shadows it: ' +
      'add a matcher to that one, or move this one before it (inside a `route` block order is literal).',
  },
  RWS5005: {
    severity: 'warning',
    title: 'Unused named matcher',
    explanation: 'The named matcher is defined but no directive refers to it. Remove it, or use it: `respond @name ...`.',
  },
  RWS5006: {
    severity: 'warning',
    title: 'Unused snippet',
    explanation: 'The snippet is defined but never imported. Remove it, or import it with `import name`.',
  },
  RWS5007: {
    severity: 'warning',
    title: '`handle` after a `handle` without a matcher',
    explanation:
      'Sibling `handle` blocks are mutually exclusive and the first one that matches wins. A `handle` without a matcher ' +
      'matches every request, so the sibling `handle` blocks after it never run. Move the catch-all `handle` last.',
  },
  RWS5008: {
    severity: 'error',
    title: 'Overlapping listen addresses',
    explanation:
      'One port cannot be bound both on all interfaces and on a specific address (the operating system refuses the ' +
      'second socket). This happens when some sites use `bind` (or `default_bind`) and others do not, on the same port. ' +
      'Give every site on that port the same bind addresses, or use different ports.',
  },

  // --- RWS9xxx internal errors -----------------------------------------------------------------------------
  RWS9001: {
    severity: 'error',
    title: 'Internal error in a directive',
    explanation:
      'A directive crashed while reading its arguments. This is a bug in rws, not in your Rwsfile: please report it with ' +
      'the directive line. The rest of the file was still checked.',
  },
  RWS9002: {
    severity: 'error',
    title: 'Internal error in a check',
    explanation: 'A semantic check crashed. This is a bug in rws: please report it with the Rwsfile. Other checks still ran.',
  },
  RWS9003: {
    severity: 'error',
    title: 'Internal compiler error',
    explanation: 'A compiler stage crashed. This is a bug in rws: please report it with the Rwsfile that triggers it.',
  },
} as const satisfies Record<string, CodeInfo>;
