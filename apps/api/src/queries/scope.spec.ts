import { DomainError } from '@app/domain';
import { scopeFor } from './scope';

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return undefined;
};

describe('whose rows a caller reads', () => {
  it('an agent reads their own rows only', () => {
    expect(scopeFor({ sub: 'a1', roles: ['agent'] }, {})).toEqual({ agentId: 'a1' });
    expect(refused(() => scopeFor({ sub: 'a1', roles: ['agent'] }, { agentId: 'a2' }))).toBe('AUTH.NOT_SELF');
    expect(refused(() => scopeFor({ sub: 'a1', roles: ['agent'] }, { teamId: 't1' }))).toBe('AUTH.OTHER_TEAM');
  });

  it('a supervisor reads their team', () => {
    expect(scopeFor({ sub: 's', roles: ['supervisor'], team: 't1' }, { agentId: 'a1' })).toEqual({ agentId: 'a1', teamId: 't1' });
    expect(refused(() => scopeFor({ sub: 's', roles: ['supervisor'], team: 't1' }, { teamId: 't2' }))).toBe('AUTH.OTHER_TEAM');
  });

  it('managers and directors read everyone as asked', () => {
    expect(scopeFor({ sub: 'm', roles: ['manager'] }, { teamId: 't2' })).toEqual({ teamId: 't2' });
    expect(scopeFor({ sub: 'd', roles: ['director'] }, {})).toEqual({});
  });
});
