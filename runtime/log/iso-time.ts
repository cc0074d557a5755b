/**
 * `new Date(ms).toISOString()` without building a Date per call: the "YYYY-MM-DDTHH:MM:SS" part is computed
 * once per second and the milliseconds appended (access log lines under load share their second).
 */
let cachedSecond = Number.NaN;
let cachedPrefix = '';

export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    // Years outside 0000–9999 have a longer, signed form: no prefix to reuse.
    if (iso.length !== 24) return new Date(ms).toISOString();
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 19);
  }
  const millis = ms - second * 1000;
  return `${cachedPrefix}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
