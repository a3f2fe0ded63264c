// Proves: a fixture directory or file the mock cannot read (no permission; root reads everything, so the
// file system's answer is simulated here) is the user's to fix: a FixtureError naming the path and the
// reason, never "no fixture file found" and never a crash.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { flashback } from '../apis/flashback/index.js';
import { superai } from '../apis/superai/index.js';
import { FixtureError, readFixtureDir } from './fixture-files.js';

/** Paths whose readdirSync / readFileSync throws the error given. */
const faults = vi.hoisted(() => ({ readdir: new Map<string, Error>(), readFile: new Map<string, Error>() }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    readdirSync: ((path: string, ...rest: unknown[]) => {
      const error = faults.readdir.get(String(path));
      if (error) throw error;
      return (fs.readdirSync as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.readdirSync,
    readFileSync: ((path: string, ...rest: unknown[]) => {
      const error = faults.readFile.get(String(path));
      if (error) throw error;
      return (fs.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.readFileSync,
  };
});

afterEach(() => {
  faults.readdir.clear();
  faults.readFile.clear();
});

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const fixtureDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-unreadable-'));
  made.push(dir);
  writeFileSync(join(dir, 'flashback.json'), JSON.stringify({ organizations: [], users: [] }));
  return dir;
};
const refusal = (dir: string) => {
  try {
    readFixtureDir(dir, [flashback, superai], 1);
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return (error as FixtureError).message;
  }
  throw new Error('expected a FixtureError');
};

describe('an unreadable fixture directory', () => {
  it('is refused with its path and the reason, not as "no fixture file found"', () => {
    const dir = fixtureDir();
    faults.readdir.set(dir, errno('EACCES'));
    expect(refusal(dir)).toBe(`${dir}: the fixture directory cannot be read (EACCES)`);
  });

  it('says "error" when the system gives no code', () => {
    const dir = fixtureDir();
    faults.readdir.set(dir, new Error('simulated'));
    expect(refusal(dir)).toBe(`${dir}: the fixture directory cannot be read (error)`);
  });
});

describe('an unreadable fixture file', () => {
  it('is refused with its path and the reason', () => {
    const dir = fixtureDir();
    faults.readFile.set(join(dir, 'flashback.json'), errno('EACCES'));
    expect(refusal(dir)).toBe(`${join(dir, 'flashback.json')}: cannot be read (EACCES)`);
  });

  it("gives the error's message when the system gives no code", () => {
    const dir = fixtureDir();
    faults.readFile.set(join(dir, 'flashback.json'), new Error('simulated failure'));
    expect(refusal(dir)).toBe(`${join(dir, 'flashback.json')}: cannot be read (simulated failure)`);
  });
});
