import { lineHashes } from '../src/engine/line-hash';
import { conditionBinding, restatesAccounts, statementBinding } from '../src/iam/conditions';
import { parseOperator } from '../src/iam/operators';
import type { ConditionEntry, Statement } from '../src/iam/policy';
import { classifyAwsPrincipal, classifyPrincipal, principalCovers } from '../src/iam/principals';
import { allowsAny, coversAction } from '../src/iam/statements';
import { wildcardMatch } from '../src/iam/wildcard';

const R = { file: 'x.tf', start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };

function cond(operator: string, key: string, ...values: (string | { unknown: true; why: string })[]): ConditionEntry {
  return { operator, key, values, range: R, path: 'Condition' };
}

function stmt(partial: Partial<Statement>): Statement {
  return { index: 0, path: 'Statement[0]', range: R, effect: 'Allow', effectRange: R, conditions: [], ...partial };
}

describe('principal unique ids', () => {
  it.each([
    ['AROAEXAMPLEROLEID1234', 'role'],
    ['AIDAEXAMPLEUSERID1234', 'user'],
    ['AGPAEXAMPLEGROUPID123', 'unknown'],
  ])('%s names a %s of an unknown account', (id, kind) => {
    const p = classifyAwsPrincipal(id);
    expect(p.kind).toBe(kind);
    expect(p.account).toBeUndefined();
    expect(p.why).toMatch(/unique id/);
  });
});

describe('condition binding: operators and keys as AWS reads them', () => {
  it.each([
    ['StringEquals', 'aws:PrincipalOrgID', '*', 'yes'],
    ['StringLike', 'aws:PrincipalOrgID', '*', 'no'],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:111111111111:*', 'yes'],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*', 'no'],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:eu-west-1:*:topic', 'no'],
    ['StringEquals', 'AWS:SourceOwner', '111111111111', 'yes'],
    ['StringEquals', 'aws:VpceAccount', '111111111111', 'yes'],
    ['StringEquals', 's3:DataAccessPointAccount', '111111111111', 'yes'],
    ['StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn', 'arn:aws:cloudtrail:*:111111111111:trail/*', 'yes'],
    ['ForAnyValue:StringEquals', 'aws:PrincipalOrgID', 'o-abcdefghij', 'yes'],
    ['ForAllValues:StringEquals', 'aws:PrincipalOrgID', 'o-abcdefghij', 'no'],
  ])('%s %s %s binds: %s', (op, key, value, want) => {
    expect(conditionBinding(cond(op, key, value))).toBe(want);
  });
});

describe('wildcard matching', () => {
  it.each([
    ['sts:AssumeRole', 'sts:AssumeRole', true],
    ['sts:*', 'sts:AssumeRole', true],
    ['*', 'anything', true],
    ['sts:Assume?ole', 'sts:AssumeRole', true],
    ['s3:Get*', 's3:PutObject', false],
    ['arn:aws:iam::*:role/x', 'arn:aws:iam::123456789012:role/x', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
  ])('%s ~ %s = %s', (p, t, want) => expect(wildcardMatch(p, t)).toBe(want));

  it('is case-insensitive for actions when asked', () => {
    expect(wildcardMatch('STS:assumerole', 'sts:AssumeRole', true)).toBe(true);
    expect(wildcardMatch('STS:assumerole', 'sts:AssumeRole', false)).toBe(false);
  });

  it('stays fast on patterns built for backtracking', () => {
    const pattern = '*a'.repeat(200) + 'b';
    const text = 'a'.repeat(5000);
    const t0 = Date.now();
    expect(wildcardMatch(pattern, text)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('condition operators', () => {
  it('parses set prefixes, IfExists and negation', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toEqual({ base: 'StringLike', set: 'ForAnyValue', ifExists: true, negated: false });
    expect(parseOperator('StringNotEquals')).toMatchObject({ negated: true, ifExists: false });
    expect(parseOperator('ForAllValues:StringEquals').set).toBe('ForAllValues');
  });

  it.each<[string, ConditionEntry, string]>([
    ['StringEquals on PrincipalOrgID', cond('StringEquals', 'aws:PrincipalOrgID', 'o-abcdefghij'), 'yes'],
    ['keys are case-insensitive', cond('StringEquals', 'AWS:principalorgid', 'o-abcdefghij'), 'yes'],
    ['IfExists with an absent key passes', cond('StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-abcdefghij'), 'no'],
    ['ForAllValues is true on an empty set', cond('ForAllValues:StringEquals', 'aws:PrincipalOrgID', 'o-abcdefghij'), 'no'],
    ['ForAnyValue is binding', cond('ForAnyValue:StringEquals', 'aws:PrincipalOrgID', 'o-abcdefghij'), 'yes'],
    ['StringNotEquals allows everything else', cond('StringNotEquals', 'aws:PrincipalAccount', '111111111111'), 'no'],
    ['StringLike with * matches anyone', cond('StringLike', 'sts:ExternalId', '*'), 'no'],
    ['StringLike with ? in the account matches many accounts', cond('StringLike', 'aws:PrincipalAccount', '11111111111?'), 'no'],
    ['ArnLike with a wildcard account', cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin'), 'no'],
    ['ArnLike with a pinned account and a wildcard role', cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/ci-*'), 'yes'],
    ['Bool MFA on the string "true"', cond('Bool', 'aws:MultiFactorAuthPresent', 'true'), 'yes'],
    ['Bool MFA false', cond('Bool', 'aws:MultiFactorAuthPresent', 'false'), 'no'],
    ['a key that does not identify the caller', cond('StringEquals', 'aws:RequestedRegion', 'eu-west-1'), 'no'],
    ['Null checks are not a boundary', cond('Null', 'aws:PrincipalOrgID', 'false'), 'no'],
    ['OIDC sub claim', cond('StringEquals', 'token.actions.githubusercontent.com:sub', 'repo:o/r:ref:refs/heads/main'), 'yes'],
    ['multiple values are ORed: one wildcard opens it', cond('StringLike', 'aws:PrincipalAccount', '111111111111', '*'), 'no'],
    ['an unknown value that may be a wildcard is unknown, never safe', cond('StringLike', 'aws:PrincipalOrgID', { unknown: true, why: 'var.org has no value' }), 'unknown'],
    ['an unknown value under StringEquals is one literal: binding', cond('StringEquals', 'aws:PrincipalOrgID', { unknown: true, why: 'var.org has no value' }), 'yes'],
    ['StringEqualsIgnoreCase too', cond('StringEqualsIgnoreCase', 'aws:SourceAccount', { unknown: true, why: 'the owning account is unknown' }), 'yes'],
    ['ArnEquals matches wildcards: unknown', cond('ArnEquals', 'aws:SourceArn', { unknown: true, why: 'known only after apply' }), 'unknown'],
    ['an unknown PrincipalAccount under StringEquals is one account (whether it restates a root is restatesAccounts\' question)', cond('StringEquals', 'aws:PrincipalAccount', { unknown: true, why: 'v' }), 'yes'],
    ['an unknown kms:CallerAccount under StringLike may be "*"', cond('StringLike', 'kms:CallerAccount', { unknown: true, why: 'v' }), 'unknown'],
    ['an unknown MFA flag under StringEquals may be "false": unknown', cond('StringEquals', 'aws:MultiFactorAuthPresent', { unknown: true, why: 'v' }), 'unknown'],
    ['a request-filled policy variable is the caller\'s own value: not binding', cond('StringEquals', 'aws:SourceAccount', '${aws:SourceAccount}'), 'no'],
    ['the caller\'s account in an ARN pattern\'s account field: not binding', cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::${aws:PrincipalAccount}:role/deployer'), 'no'],
    ['a user name variable after a literal account still pins the account', cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:user/${aws:username}'), 'yes'],
    ['the resource\'s organization as a variable binds (data perimeter)', cond('StringEquals', 'aws:PrincipalOrgID', '${aws:ResourceOrgID}'), 'yes'],
    ['the resource\'s account as a variable binds', cond('StringEquals', 'aws:PrincipalAccount', '${aws:ResourceAccount}'), 'yes'],
    ['an unknown OIDC subject may pin no customer: unknown', cond('StringEquals', 'token.actions.githubusercontent.com:sub', { unknown: true, why: 'v' }), 'unknown'],
  ])('%s', (_name, c, want) => expect(conditionBinding(c)).toBe(want));

  it.each<[string, (string | null)[], ({ address: string; attr: string } | undefined)[], string]>([
    ['an ARN pattern whose account field is the caller identity binds', ['arn:aws:cloudwatch:', null, ':', null, ':alarm:*'], [{ address: 'data.aws_region.r', attr: 'name' }, { address: 'data.aws_caller_identity.c', attr: 'account_id' }], 'yes'],
    ['a literal account after an unknown region binds', ['arn:aws:logs:', null, ':111111111111:log-group:*'], [undefined], 'yes'],
    ['an account field of a variable may be a wildcard', ['arn:aws:cloudwatch:*:', null, ':alarm:*'], [undefined], 'unknown'],
    ['an account field of text and an account id is not that account', ['arn:aws:cloudwatch:*:1', null, ':alarm:*'], [{ address: 'data.aws_caller_identity.c', attr: 'account_id' }], 'unknown'],
    ['an account field of an ARN attribute is not an account id', ['arn:aws:cloudwatch:*:', null, ':alarm:*'], [{ address: 'aws_sns_topic.t', attr: 'arn' }], 'unknown'],
  ])('ArnLike on aws:SourceArn: %s', (_name, parts, holeRefs, want) => {
    const v = { unknown: true as const, why: 'partly known', parts, holeRefs };
    expect(conditionBinding({ operator: 'ArnLike', key: 'aws:SourceArn', values: [v], range: R, path: 'Condition' })).toBe(want);
  });

  it('several keys are ANDed: one binding key is enough', () => {
    const st = stmt({ conditions: [cond('StringEquals', 'aws:RequestedRegion', 'eu-west-1'), cond('StringEquals', 'aws:PrincipalOrgID', 'o-abcdefghij')] });
    expect(statementBinding(st)).toBe('yes');
  });

  it('unreadable conditions make the statement unknown', () => {
    expect(statementBinding(stmt({ conditionsUnknown: 'dynamic block over an unknown list' }))).toBe('unknown');
    expect(statementBinding(stmt({}))).toBe('no');
  });
});

describe('principals', () => {
  it('treats a 12-digit id and :root the same', () => {
    expect(classifyAwsPrincipal('123456789012')).toMatchObject({ kind: 'account', account: '123456789012' });
    expect(classifyAwsPrincipal('arn:aws:iam::123456789012:root')).toMatchObject({ kind: 'account', account: '123456789012' });
  });

  it('reads roles, users, assumed roles, OIDC providers, services', () => {
    expect(classifyAwsPrincipal('arn:aws:iam::123456789012:role/path/ci')).toMatchObject({ kind: 'role', name: 'ci' });
    expect(classifyAwsPrincipal('arn:aws:iam::123456789012:user/alice')).toMatchObject({ kind: 'user' });
    expect(classifyAwsPrincipal('arn:aws:sts::123456789012:assumed-role/ci/session')).toMatchObject({ kind: 'assumed-role', name: 'ci' });
    expect(classifyPrincipal({ type: 'Federated', value: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' })).toMatchObject({ kind: 'oidc', provider: 'token.actions.githubusercontent.com' });
    expect(classifyPrincipal({ type: 'Service', value: 'lambda.amazonaws.com' })).toMatchObject({ kind: 'service' });
    expect(classifyAwsPrincipal('arn:aws:iam::12345:root').kind).toBe('invalid');
  });

  it('keeps what is known of a partly known principal', () => {
    const p = classifyPrincipal({ type: 'AWS', value: { unknown: true, why: 'no value', parts: ['arn:aws:iam::', null, ':root'] } });
    expect(p).toMatchObject({ kind: 'account', why: 'no value' });
    expect(p.account).toBeUndefined();
    const r = classifyPrincipal({ type: 'AWS', value: { unknown: true, why: 'no value', parts: ['arn:aws:iam::123456789012:role/', null] } });
    expect(r).toMatchObject({ kind: 'role', account: '123456789012' });
  });

  it('an account root grant covers the account principals', () => {
    const root = classifyAwsPrincipal('arn:aws:iam::111111111111:root');
    expect(principalCovers(root, classifyAwsPrincipal('arn:aws:iam::111111111111:role/x'))).toBe(true);
    expect(principalCovers(root, classifyAwsPrincipal('arn:aws:iam::222222222222:role/x'))).toBe(false);
    expect(principalCovers(classifyAwsPrincipal('arn:aws:iam::111111111111:role/x'), classifyAwsPrincipal('arn:aws:sts::111111111111:assumed-role/x/s'))).toBe(true);
  });
});

describe('statements and actions', () => {
  const list = (...items: string[]) => ({ items, range: R, path: 'Action' });
  it('Action, NotAction and effects', () => {
    expect(coversAction(stmt({ action: list('sts:*') }), 'sts:AssumeRole')).toBe('yes');
    expect(coversAction(stmt({ notAction: list('sts:TagSession') }), 'sts:AssumeRole')).toBe('yes');
    expect(coversAction(stmt({ notAction: list('sts:*') }), 'sts:AssumeRole')).toBe('no');
    expect(allowsAny(stmt({ effect: 'Deny', action: list('*') }), ['sts:AssumeRole'])).toBe('no');
    expect(allowsAny(stmt({ action: { items: [{ unknown: true, why: 'x' }], range: R, path: 'Action' } }), ['sts:AssumeRole'])).toBe('unknown');
  });
});

describe("GitHub's primaryLocationLineHash", () => {
  // Test vectors published with github/codeql-action's fingerprint tests.
  const all = (text: string) => {
    const n = text.split(/\r\n|\r|\n/).length;
    const lines = new Set(Array.from({ length: n }, (_, i) => i + 1));
    const h = lineHashes(text, lines);
    return [...lines].map((l) => h.get(l));
  };
  it('matches the reference vectors', () => {
    expect(all('')).toEqual(['c129715d7a2bc9a3:1']);
    expect(all(' a\nb\n  \t\tc\n d')).toEqual(['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']);
    const expected = ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'];
    expect(all(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n')).toEqual(expected);
    expect(all(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n')).toEqual(expected);
    expect(all('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      'a7f2ff13bc495cf2:1', 'a7f2ff13bc495cf2:2', 'a7f2ff13bc495cf2:3', 'a7f2ff13bc495cf2:4', 'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6', 'a7f2ff1481e87703:1', 'a9cf91f7bbf1862b:1', '55ec222b86bcae53:1', 'cc97dc7b1d7d8f7b:1', 'c129715d7a2bc9a3:1',
    ]);
  });
});

describe('principal readings are kept', () => {
  it('reads a text once and shares the frozen reading', () => {
    const a = classifyAwsPrincipal('arn:aws:iam::123456789012:role/kept');
    expect(classifyAwsPrincipal('arn:aws:iam::123456789012:role/kept')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toEqual({ kind: 'role', account: '123456789012', text: 'arn:aws:iam::123456789012:role/kept', name: 'kept' });
  });

  it('stays right past the number of readings it keeps', () => {
    for (let i = 0; i < 60_000; i++) classifyAwsPrincipal(`arn:aws:iam::123456789012:role/r${i}`);
    expect(classifyAwsPrincipal('arn:aws:iam::123456789012:role/r5')).toEqual({ kind: 'role', account: '123456789012', text: 'arn:aws:iam::123456789012:role/r5', name: 'r5' });
    expect(classifyAwsPrincipal('123456789012')).toEqual({ kind: 'account', account: '123456789012', text: '123456789012' });
  });
});

describe('a condition that restates the accounts of a root grant', () => {
  const U = { unknown: true as const, why: 'var.a has no value' };
  it.each<[string, ConditionEntry, string[], boolean, string]>([
    ['PrincipalAccount equal to the account', cond('StringEquals', 'aws:PrincipalAccount', '222222222222'), ['222222222222'], false, 'yes'],
    ['PrincipalAccount of another account narrows', cond('StringEquals', 'aws:PrincipalAccount', '333333333333'), ['222222222222'], false, 'no'],
    ['an unknown PrincipalAccount may be the account', cond('StringEquals', 'aws:PrincipalAccount', U), ['222222222222'], false, 'unknown'],
    ['an account not known statically may be the one named', cond('StringEquals', 'aws:PrincipalAccount', '222222222222'), [], true, 'unknown'],
    ['an account-wide PrincipalArn pattern with an unknown account beside', cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::222222222222:*'), ['222222222222'], true, 'unknown'],
    ['a PrincipalArn naming roles narrows whatever the account', cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::222222222222:role/ci-*'), [], true, 'no'],
    ['a key that names no account', cond('StringEquals', 'aws:PrincipalOrgID', 'o-abcdefghij'), [], true, 'no'],
  ])('%s', (_name, c, accounts, unknownAccounts, want) => expect(restatesAccounts(c, accounts, unknownAccounts)).toBe(want));
});
