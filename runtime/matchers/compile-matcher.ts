/** MatcherPlan → Predicate, one case per matcher kind. */
import type { MatcherPlan } from '../plan/plan.ts';
import { compileValueGlob } from './glob.ts';
import { headerValue, headerValues } from './header-value.ts';
import { compileHosts } from './host-matcher.ts';
import type { MatcherSet } from './matcher-set.ts';
import { compilePathPatterns } from './path-matcher.ts';
import type { Predicate } from './predicate.ts';
import { compileQuery } from './query-matcher.ts';
import { compileRemoteIp } from './remote-ip-matcher.ts';

/** `index` is the matcher's own index (where regexp captures go); `set` resolves `not` / `any` references. */
export function compileMatcher(plan: MatcherPlan, index: number, set: MatcherSet): Predicate {
  switch (plan.kind) {
    case 'path': {
      const test = compilePathPatterns(plan.patterns);
      return (ctx) => test(ctx.path);
    }
    case 'path_regexp': {
      const re = new RegExp(plan.pattern, statelessFlags(plan.flags));
      return (ctx) => {
        const m = re.exec(ctx.path);
        if (m === null) return false;
        ctx.captures[index] = m;
        return true;
      };
    }
    case 'host': {
      const test = compileHosts(plan.exact, plan.wildcard);
      return (ctx) => test(ctx.host);
    }
    case 'method': {
      const methods = new Set(plan.methods.map((m) => m.toUpperCase()));
      return (ctx) => methods.has(ctx.method);
    }
    case 'header': {
      const name = plan.name.toLowerCase();
      if (plan.values === null) return (ctx) => headerValue(ctx.headers, name) !== undefined;
      const tests = plan.values.map(compileValueGlob);
      return (ctx) => {
        const joined = headerValue(ctx.headers, name);
        if (joined === undefined) return false;
        for (const value of headerValues(joined)) for (const test of tests) if (test(value)) return true;
        return false;
      };
    }
    case 'header_regexp': {
      const name = plan.headerName.toLowerCase();
      const re = new RegExp(plan.pattern, statelessFlags(plan.flags));
      return (ctx) => {
        const value = headerValue(ctx.headers, name);
        if (value === undefined) return false;
        const m = re.exec(value);
        if (m === null) return false;
        ctx.captures[index] = m;
        return true;
      };
    }
    case 'query': {
      const test = compileQuery(plan.params);
      return (ctx) => test(ctx.query);
    }
    case 'remote_ip': {
      const test = compileRemoteIp(plan.ranges);
      return (ctx) => test(ctx.remoteIp);
    }
    case 'client_ip': {
      const test = compileRemoteIp(plan.ranges);
      return (ctx) => test(ctx.clientIp);
    }
    case 'protocol': {
      const protocol = plan.protocol;
      if (protocol === 'http' || protocol === 'https') return (ctx) => ctx.scheme === protocol;
      return (ctx) => ctx.proto === protocol;
    }
    case 'not': {
      const all = plan.all;
      return (ctx) => !set.matchesAll(ctx, all);
    }
    case 'any': {
      const groups = plan.groups;
      return (ctx) => {
        for (const group of groups) if (set.matchesAll(ctx, group)) return true;
        return false;
      };
    }
    default:
      return unreachable(plan);
  }
}

/** `g` and `y` make RegExp.exec stateful across calls: never wanted for a matcher. */
function statelessFlags(flags: string): string {
  return flags.replace(/[gy]/g, '');
}

function unreachable(value: never): never {
  throw new Error(`unknown matcher kind ${JSON.stringify(value)}`);
}
