import { describe, expect, it } from 'vitest';
import { findBinary, missingAdvice } from '../binaries.ts';
import { choosePinning, describePinning, pinned } from '../pinning.ts';

describe('binaries and pinning', () => {
  it('finds binaries on PATH and in the sbin folders, and says how to install the missing ones', () => {
    expect(findBinary('sh', '/nonexistent:/bin')).toBe('/bin/sh');
    // Debian's ldconfig lives in /usr/sbin, outside a normal user's PATH, like nginx and haproxy.
    expect(findBinary('ldconfig', '/nonexistent')).toMatch(/sbin\/ldconfig$/);
    expect(findBinary('no-such-binary-here', '/usr/bin')).toBeNull();
    expect(missingAdvice([])).toBeNull();
    expect(missingAdvice(['wrk', 'nginx'])).toBe(
      'not installed: wrk, nginx\n  install with: bench/install.sh   (runs: apt-get install -y wrk nginx-light)',
    );
  });

  it('pins servers and wrk to different CPUs only when it can, and says which', () => {
    const two = choosePinning('/usr/bin/taskset', 2);
    expect(pinned(two, 'server', '/usr/sbin/nginx', ['-c', 'x'])).toEqual({ command: '/usr/bin/taskset', args: ['-c', '1', '/usr/sbin/nginx', '-c', 'x'] });
    expect(pinned(two, 'load', 'wrk', [])).toEqual({ command: '/usr/bin/taskset', args: ['-c', '0', 'wrk'] });
    const one = choosePinning('/usr/bin/taskset', 1);
    expect(pinned(one, 'server', 'nginx', [])).toEqual({ command: 'nginx', args: [] });
    expect(describePinning(one)).toBe('no CPU pinning: only 1 CPU available; servers and wrk share all CPUs');
    expect(describePinning(choosePinning(null, 2))).toMatch(/taskset not found/);
  });
});
