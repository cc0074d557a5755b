/**
 * Content-Type by file extension: a compact table of the types a web server meets every day.
 *
 * Invariant: text types carry `charset=utf-8`; unknown extensions are `application/octet-stream`.
 */
import path from 'node:path';

const UTF8 = '; charset=utf-8';

const TYPES: Readonly<Record<string, string>> = {
  // text
  html: 'text/html' + UTF8,
  htm: 'text/html' + UTF8,
  css: 'text/css' + UTF8,
  js: 'text/javascript' + UTF8,
  mjs: 'text/javascript' + UTF8,
  cjs: 'text/javascript' + UTF8,
  txt: 'text/plain' + UTF8,
  text: 'text/plain' + UTF8,
  log: 'text/plain' + UTF8,
  md: 'text/markdown' + UTF8,
  markdown: 'text/markdown' + UTF8,
  csv: 'text/csv' + UTF8,
  tsv: 'text/tab-separated-values' + UTF8,
  xml: 'application/xml' + UTF8,
  xsl: 'application/xml' + UTF8,
  json: 'application/json' + UTF8,
  jsonld: 'application/ld+json' + UTF8,
  map: 'application/json' + UTF8,
  webmanifest: 'application/manifest+json' + UTF8,
  ics: 'text/calendar' + UTF8,
  vtt: 'text/vtt' + UTF8,
  yaml: 'application/yaml' + UTF8,
  yml: 'application/yaml' + UTF8,
  toml: 'application/toml' + UTF8,
  rss: 'application/rss+xml' + UTF8,
  atom: 'application/atom+xml' + UTF8,
  xhtml: 'application/xhtml+xml' + UTF8,
  svg: 'image/svg+xml' + UTF8,
  // images
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/vnd.microsoft.icon',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  // fonts
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  // audio / video
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/opus',
  wav: 'audio/wav',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mov: 'video/quicktime',
  // applications and archives
  wasm: 'application/wasm',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  br: 'application/x-brotli',
  zst: 'application/zstd',
  tar: 'application/x-tar',
  '7z': 'application/x-7z-compressed',
  rar: 'application/vnd.rar',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  epub: 'application/epub+zip',
  bin: 'application/octet-stream',
  exe: 'application/octet-stream',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeFor(filePath: string): string {
  const ext = path.extname(filePath).slice(1).toLowerCase();
  return (ext !== '' && Object.hasOwn(TYPES, ext) && TYPES[ext]) || DEFAULT_CONTENT_TYPE;
}
