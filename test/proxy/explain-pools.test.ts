/** `rws explain` names the pool a request goes to: a named pool's upstreams and policy, a split, a mirror. */
import { expect, test } from 'vitest';
import { explain } from '../../runtime/explain.ts';
import { compileRwsfile } from './support.ts';

const plan = compileRwsfile(
  '{\n  admin off\n  upstream api {\n    to 10.0.0.1:80 10.0.0.2:80\n    lb_policy hash cookie sid\n    sticky rws_api\n  }\n  upstream api_v2 {\n    to 10.0.1.1:80\n  }\n  upstream shadow {\n    to 10.0.9.1:80\n  }\n}\n' +
    'http://example.test {\n  reverse_proxy /v1/* api\n  reverse_proxy {\n    split {\n      to api 90\n      to api_v2 10\n      override_header X-Version\n      sticky_cookie canary\n    }\n    mirror shadow 5%\n  }\n}\n',
);

function outcome(url: string): unknown {
  const result = explain(plan, { url, method: 'GET' });
  return result.outcome.kind === 'handler' ? result.outcome.description : result.outcome.kind;
}

test('a named pool, a split and a mirror in explain', () => {
  expect(outcome('http://example.test/v1/users')).toBe('reverse_proxy api: http://10.0.0.1:80 http://10.0.0.2:80 (hash cookie sid, sticky rws_api)');
  expect(outcome('http://example.test/other')).toBe('reverse_proxy split api 90, api_v2 10 (override by header x-version) (sticky canary), mirror 5% to shadow');
});
