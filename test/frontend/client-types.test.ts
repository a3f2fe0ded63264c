// Proves: the typed client's types: responses and error bodies from the specs, and wrong usages fail to compile.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  FlashbackClient,
  FlashbackFailure,
  FlashbackUserList,
  SuperAIClient,
  SuperAIError,
  SuperAIUser,
  SuperAIValidationError,
} from '../../src/client/index.js';

type FlashbackResult = Awaited<ReturnType<FlashbackClient['GET']>>;
type SuperAIResult = Awaited<ReturnType<SuperAIClient['GET']>>;

describe('typed client types', () => {
  it('Flashback: the list envelope on success, the empty envelope as error', () => {
    expectTypeOf<FlashbackResult['data']>().toEqualTypeOf<FlashbackUserList | undefined>();
    expectTypeOf<FlashbackResult['error']>().toEqualTypeOf<FlashbackFailure | undefined>();
    expectTypeOf<NonNullable<FlashbackUserList['data']>[number]['orgRole']>().toEqualTypeOf<0 | 1 | 2 | 254 | 255 | null | undefined>();
    expectTypeOf<FlashbackFailure['success']>().toEqualTypeOf<false | undefined>();
  });

  it('SuperAI: a bare array on success, the error structure or FastAPI’s 422 body as error', () => {
    expectTypeOf<SuperAIResult['data']>().toEqualTypeOf<SuperAIUser[] | undefined>();
    // openapi-fetch maps bodies through Readable<>, so compare both ways rather than by identity.
    expectTypeOf<SuperAIResult['error']>().toMatchTypeOf<SuperAIError | SuperAIValidationError | undefined>();
    expectTypeOf<SuperAIError | SuperAIValidationError | undefined>().toMatchTypeOf<SuperAIResult['error']>();
    expectTypeOf<Extract<SuperAIResult['error'], { error: unknown }>['request_id']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Exclude<SuperAIResult['error'], { error: unknown } | undefined>>().toHaveProperty('detail');
    expectTypeOf<SuperAIError['error']['message']>().toEqualTypeOf<string>();
    expectTypeOf<SuperAIUser['status']>().toEqualTypeOf<'active' | 'inactive' | 'pending'>();
  });

  it('the path parameter is required and typed', () => {
    type Init = NonNullable<Parameters<SuperAIClient['GET']>[1]>;
    expectTypeOf<Init>().toHaveProperty('params');
    expectTypeOf<{ params: { path: { organization_id: string } } }>().toMatchTypeOf<Init>();
    expectTypeOf<{ params: { path: { organization_id: number } } }>().not.toMatchTypeOf<Init>();
  });
});

describe('wrong usages do not compile (support/type-errors.ts)', () => {
  const file = fileURLToPath(new URL('./support/type-errors.ts', import.meta.url));
  const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b.*$/;

  /** Type-checks type-errors.ts, optionally with other text, with the project's compiler options; returns the 1-based lines with errors. */
  const config = ts.getParsedCommandLineOfConfigFile(
    fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  let text = '';
  host.getSourceFile = (name, language, ...rest) => {
    if (name === file) return ts.createSourceFile(name, text, language);
    if (!parsed.has(name)) parsed.set(name, read(name, language, ...rest));
    return parsed.get(name);
  };

  /** Type-checks type-errors.ts as `source` with the project's compiler options; returns the 1-based lines with errors. */
  function errorLines(source: string): number[] {
    text = source;
    const program = ts.createProgram({ rootNames: [file], options: config.options, host });
    const sourceFile = program.getSourceFile(file)!;
    return ts
      .getPreEmitDiagnostics(program, sourceFile)
      .map((d) => sourceFile.getLineAndCharacterOfPosition(d.start ?? 0).line + 1)
      .filter((line, i, all) => all.indexOf(line) === i);
  }

  it('as written it compiles, and every @ts-expect-error marks a real error on the line below it', async () => {
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    const expected = lines.flatMap((line, i) => (DIRECTIVE.test(line) ? [i + 2] : []));
    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(errorLines(text)).toEqual([]);
    // Blank each directive out (line numbers stay): each line below one must now be an error, and nothing else.
    const stripped = lines.map((line) => (DIRECTIVE.test(line) ? '' : line)).join('\n');
    expect(errorLines(stripped).sort((a, b) => a - b)).toEqual(expected);
  });
});
