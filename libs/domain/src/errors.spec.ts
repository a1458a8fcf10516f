import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CATALOGUES, type ErrorCode } from './error-codes';
import { conflict, DomainError, forbidden, invalid, notFound, ruleBroken } from './errors';

const catalogues = Object.entries(ERROR_CATALOGUES);
const everyCode: string[] = catalogues.flatMap(([, codes]) => [...codes]);

describe('the error catalogues', () => {
  it.each(catalogues)('%s: every code is the prefix, a dot and SHOUTED_WORDS', (prefix, codes) => {
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code).toMatch(new RegExp(`^${prefix}\\.[A-Z][A-Z0-9_]*$`));
  });

  it('lists each code once, in one catalogue', () => {
    expect(everyCode.length).toBeGreaterThan(100);
    expect(new Set(everyCode).size).toBe(everyCode.length);
  });

  it('lists only codes something refuses with: each is spelt out where it is thrown or chosen', () => {
    const root = join(__dirname, '../../..');
    const sources = ['apps', 'libs', 'projections'].flatMap((dir) => typescriptFiles(join(root, dir)));
    const text = sources
      .filter((file) => !/\.(spec|int-spec|e2e-spec)\.ts$|\.errors\.ts$|error-codes\.ts$/.test(file))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = everyCode.filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
    expect(sources.map((file) => relative(root, file))).toContain('libs/domain/src/lead/lead.decide.ts');
  });

  it('refuses an unlisted code at compile time (npm run typecheck: ts-jest does not check types)', () => {
    // @ts-expect-error: a misspelling is no ErrorCode
    const misspelt: ErrorCode = 'LEAD.DUPLICATE_PHONES';
    const prefix: string = 'LEAD';
    // @ts-expect-error: a code built at run time is a string, not an ErrorCode
    const built: ErrorCode = `${prefix}.NOT_FOUND`;
    // @ts-expect-error: DomainError takes catalogue codes only
    const error = new DomainError('SOMETHING.WENT_WRONG', 'rule', 'no');
    expect([misspelt, built, error.code]).toHaveLength(3);
  });
});

describe('the helpers', () => {
  it.each([
    [notFound, 'not_found'],
    [conflict, 'conflict'],
    [ruleBroken, 'rule'],
    [forbidden, 'forbidden'],
    [invalid, 'validation'],
  ] as const)('%p keeps the code, the message and the details, with its category %s', (make, category) => {
    const error = make('LEAD.NOT_FOUND', 'lead L1 does not exist', { leadId: 'L1' });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ name: 'DomainError', code: 'LEAD.NOT_FOUND', category, message: 'lead L1 does not exist', details: { leadId: 'L1' } });
  });
});

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : typescriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
