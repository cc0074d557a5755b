import { afterEach, describe, expect, it } from 'vitest';
import { Children } from '../children.ts';
import { alive } from './helpers.ts';

describe('Children', () => {
  let children = new Children();
  afterEach(async () => {
    await children.stopAll(500);
    children = new Children();
  });

  it('stops what it started, by PID, and refuses to start more once stopping', async () => {
    const child = children.spawn('sleeper', 'sleep', ['30']);
    expect(alive(child.pid)).toBe(true);
    expect(children.size).toBe(1);
    await children.stopAll(2000);
    expect(child.hasExited()).toBe(true);
    expect(alive(child.pid)).toBe(false);
    expect(children.size).toBe(0);
    expect(() => children.spawn('late', 'sleep', ['30'])).toThrow(/the bench is stopping/);
  });

  it('escalates to SIGKILL for a child that ignores SIGTERM, grandchildren included', async () => {
    const child = children.spawn('stubborn', 'sh', ['-c', 'trap "" TERM; sleep 30 & echo $!; wait']);
    let grandchild = 0;
    for (let i = 0; i < 100 && grandchild === 0; i++) {
      grandchild = Number.parseInt(child.stdout().trim(), 10) || 0;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(grandchild).toBeGreaterThan(0);
    await child.stop(300);
    expect((await child.exited).signal).toBe('SIGKILL');
    for (let i = 0; i < 100 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(grandchild)).toBe(false);
  });

  it('reports a binary that cannot start as an exit, with the reason in its output', async () => {
    const child = children.spawn('missing', '/nonexistent/binary', []);
    const exit = await child.exited;
    expect(exit.code).toBeNull();
    expect(child.output()).toContain('cannot start /nonexistent/binary');
  });

  it('hands stderr over line by line', async () => {
    const lines: string[] = [];
    const child = children.spawn('talker', 'sh', ['-c', 'printf "one\\ntw" >&2; printf "o\\nthree\\n" >&2'], { onStderrLine: (l) => lines.push(l) });
    await child.exited;
    expect(lines).toEqual(['one', 'two', 'three']);
  });
});
