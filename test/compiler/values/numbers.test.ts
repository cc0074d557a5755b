import { describe, expect, it } from 'vitest';
import { parseInteger } from '../../../compiler/values/int.ts';
import { parsePort } from '../../../compiler/values/port.ts';
import { parseStatus } from '../../../compiler/values/status.ts';
import { run } from './harness.ts';

describe('parseInteger', () => {
  it('reads whole numbers within the range', () => {
    expect(run((a, r) => parseInteger(a, r, { min: 0, max: 10 }), '7')).toEqual({ value: 7, errors: [] });
    expect(run((a, r) => parseInteger(a, r), '-3')).toEqual({ value: -3, errors: [] });
  });

  it('rejects non-numbers and out-of-range values with the range', () => {
    expect(run((a, r) => parseInteger(a, r, { min: 1 }), '2.5').errors).toEqual(['RWS3103 0-3 invalid number `2.5`: expected a whole number | write digits only, e.g. `1`']);
    expect(run((a, r) => parseInteger(a, r, { min: 0, max: 10 }), '11').errors).toEqual(['RWS3103 0-2 number `11` is out of range: must be between 0 and 10']);
    expect(run((a, r) => parseInteger(a, r, { min: 1 }), '0').errors).toEqual(['RWS3103 0-1 number `0` is out of range: must be at least 1']);
    expect(run((a, r) => parseInteger(a, r, { max: 5 }), '6').errors).toEqual(['RWS3103 0-1 number `6` is out of range: must be at most 5']);
    expect(run((a, r) => parseInteger(a, r), '99999999999999999999').errors).toEqual(['RWS3103 0-20 number `99999999999999999999` is out of range: too large']);
  });
});

describe('parseStatus', () => {
  it('reads 100 to 599', () => {
    expect(['100', '200', '404', '599'].map((s) => run(parseStatus, s).value)).toEqual([100, 200, 404, 599]);
  });

  it('rejects other numbers and words', () => {
    expect(run(parseStatus, '99').errors).toEqual(['RWS3104 0-2 invalid status code `99`: must be between 100 and 599 | e.g. `200`, `404` or `503`']);
    expect(run(parseStatus, '600').errors).toEqual(['RWS3104 0-3 invalid status code `600`: must be between 100 and 599 | e.g. `200`, `404` or `503`']);
    expect(run(parseStatus, 'ok').errors).toEqual(['RWS3104 0-2 invalid status code `ok`: expected a number from 100 to 599 | e.g. `200`, `404` or `503`']);
  });
});

describe('parsePort', () => {
  it('reads 0 to 65535', () => {
    expect(['0', '80', '65535'].map((s) => run(parsePort, s).value)).toEqual([0, 80, 65535]);
  });

  it('rejects larger numbers and words', () => {
    expect(run(parsePort, '65536').errors).toEqual(['RWS3105 0-5 invalid port `65536`: must be between 0 and 65535 | e.g. `8080`']);
    expect(run(parsePort, 'http').errors).toEqual(['RWS3105 0-4 invalid port `http`: expected a number from 0 to 65535 | e.g. `8080`']);
  });
});
