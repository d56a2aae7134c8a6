/**
 * The IAM evaluation module against the examples of AWS's documentation (IAM User Guide:
 * "IAM JSON policy elements: Condition operators", "Single-valued vs. multivalued context keys",
 * "IAM policy elements: Variables and tags", "Policy evaluation logic").
 */
import { checkAction, expandAction } from '../src/iam/catalog';
import { analyzeConditions, conditionBinding, sourceIpLimited } from '../src/iam/conditions';
import { operatorProblem } from '../src/iam/operators';
import { isDeadAllow } from '../src/iam/satisfiable';
import { RequestContext, evaluateCondition, evaluateConditions, evaluatePolicies, ipInCidr, statementApplies } from '../src/iam/evaluate';
import type { ConditionEntry, PolicyDocument, Statement } from '../src/iam/policy';
import { classifyAwsPrincipal, classifyPrincipal } from '../src/iam/principals';

const R = { file: 'p.json', start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
const c = (operator: string, key: string, ...values: string[]): ConditionEntry => ({ operator, key, values, range: R, path: 'Condition' });
const ctx = (e: Record<string, string | string[]> = {}) => new RequestContext(e);
const list = (...items: string[]) => ({ items, range: R, path: 'x' });

function st(p: Partial<Statement>): Statement {
  return { index: 0, path: 'Statement[0]', range: R, effect: 'Allow', effectRange: R, conditions: [], ...p };
}

describe('condition operators (AWS documentation examples)', () => {
  it('IfExists passes when the key is absent, and checks the value when present', () => {
    const cond = c('StringEqualsIfExists', 'ec2:InstanceType', 't1.*', 't2.micro');
    expect(evaluateCondition(cond, ctx())).toBe('yes');
    expect(evaluateCondition(cond, ctx({ 'ec2:InstanceType': 't2.micro' }))).toBe('yes');
    expect(evaluateCondition(cond, ctx({ 'ec2:InstanceType': 'm5.large' }))).toBe('no');
  });

  it('ForAllValues is true for an empty or absent set; ForAnyValue is false', () => {
    const all = c('ForAllValues:StringEquals', 'aws:TagKeys', 'environment', 'cost-center');
    expect(evaluateCondition(all, ctx())).toBe('yes');
    expect(evaluateCondition(all, ctx({ 'aws:TagKeys': [] }))).toBe('yes');
    expect(evaluateCondition(all, ctx({ 'aws:TagKeys': ['environment'] }))).toBe('yes');
    expect(evaluateCondition(all, ctx({ 'aws:TagKeys': ['environment', 'dept'] }))).toBe('no');
    const any = c('ForAnyValue:StringEquals', 'aws:TagKeys', 'environment', 'cost-center');
    expect(evaluateCondition(any, ctx())).toBe('no');
    expect(evaluateCondition(any, ctx({ 'aws:TagKeys': ['dept', 'cost-center'] }))).toBe('yes');
  });

  it('StringNotEquals is true for every other value, and for an absent key', () => {
    const cond = c('StringNotEquals', 'aws:PrincipalAccount', '111111111111');
    expect(evaluateCondition(cond, ctx({ 'aws:PrincipalAccount': '222222222222' }))).toBe('yes');
    expect(evaluateCondition(cond, ctx({ 'aws:PrincipalAccount': '111111111111' }))).toBe('no');
    expect(evaluateCondition(cond, ctx())).toBe('yes');
  });

  it('StringLike with * and ?, and policy variables', () => {
    expect(evaluateCondition(c('StringLike', 's3:prefix', 'home/*'), ctx({ 's3:prefix': 'home/bob/docs' }))).toBe('yes');
    expect(evaluateCondition(c('StringLike', 's3:prefix', 'home/?ob'), ctx({ 's3:prefix': 'home/bob' }))).toBe('yes');
    expect(evaluateCondition(c('StringLike', 's3:prefix', 'home/?ob'), ctx({ 's3:prefix': 'home/bobby' }))).toBe('no');
    const v = c('StringLike', 's3:prefix', 'home/${aws:username}/*');
    expect(evaluateCondition(v, ctx({ 's3:prefix': 'home/bob/x', 'aws:username': 'bob' }))).toBe('yes');
    expect(evaluateCondition(v, ctx({ 's3:prefix': 'home/alice/x', 'aws:username': 'bob' }))).toBe('no');
    // a variable whose key is absent makes the condition false
    expect(evaluateCondition(v, ctx({ 's3:prefix': 'home/bob/x' }))).toBe('no');
    // ${*} is a literal asterisk
    expect(evaluateCondition(c('StringLike', 'k', 'a${*}b'), ctx({ k: 'a*b' }))).toBe('yes');
    expect(evaluateCondition(c('StringLike', 'k', 'a${*}b'), ctx({ k: 'axxb' }))).toBe('no');
  });

  it('ArnLike with a wildcard account, compared component by component', () => {
    const cond = c('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:*:my-topic');
    expect(evaluateCondition(cond, ctx({ 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:my-topic' }))).toBe('yes');
    expect(evaluateCondition(cond, ctx({ 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:other' }))).toBe('no');
    expect(evaluateCondition(c('ArnEquals', 'aws:SourceArn', 'arn:aws:s3:::bucket'), ctx({ 'aws:SourceArn': 'arn:aws:s3:::bucket' }))).toBe('yes');
    // ArnEquals reads wildcards as ArnLike does, field by field
    expect(evaluateCondition(c('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/reader'), ctx({ 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/reader' }))).toBe('yes');
    expect(evaluateCondition(c('ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/reader'), ctx({ 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/reader' }))).toBe('no');
    expect(evaluateCondition(c('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin'), ctx({ 'aws:PrincipalArn': 'arn:aws:iam::1:role/dev' }))).toBe('yes');
  });

  it('Bool compares the string "true" case-insensitively', () => {
    expect(evaluateCondition(c('Bool', 'aws:SecureTransport', 'true'), ctx({ 'aws:SecureTransport': 'TRUE' }))).toBe('yes');
    expect(evaluateCondition(c('Bool', 'aws:SecureTransport', 'false'), ctx({ 'aws:SecureTransport': 'true' }))).toBe('no');
    expect(evaluateCondition(c('Bool', 'aws:MultiFactorAuthPresent', 'true'), ctx())).toBe('no');
    expect(evaluateCondition(c('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false'), ctx())).toBe('yes');
  });

  it('Null checks presence', () => {
    expect(evaluateCondition(c('Null', 'aws:TokenIssueTime', 'true'), ctx())).toBe('yes');
    expect(evaluateCondition(c('Null', 'aws:TokenIssueTime', 'true'), ctx({ 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }))).toBe('no');
    expect(evaluateCondition(c('Null', 'aws:TokenIssueTime', 'false'), ctx({ 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }))).toBe('yes');
  });

  it('numbers, dates and IP addresses', () => {
    expect(evaluateCondition(c('NumericLessThanEquals', 's3:max-keys', '10'), ctx({ 's3:max-keys': '10' }))).toBe('yes');
    expect(evaluateCondition(c('NumericLessThan', 'aws:MultiFactorAuthAge', '3600'), ctx({ 'aws:MultiFactorAuthAge': '7200' }))).toBe('no');
    expect(evaluateCondition(c('DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:01Z'), ctx({ 'aws:CurrentTime': '2021-06-30T00:00:00Z' }))).toBe('yes');
    expect(evaluateCondition(c('DateLessThan', 'aws:EpochTime', '1577836800'), ctx({ 'aws:EpochTime': '1577836799' }))).toBe('yes');
    expect(evaluateCondition(c('IpAddress', 'aws:SourceIp', '203.0.113.0/24'), ctx({ 'aws:SourceIp': '203.0.113.7' }))).toBe('yes');
    expect(evaluateCondition(c('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24'), ctx({ 'aws:SourceIp': '198.51.100.7' }))).toBe('yes');
    expect(ipInCidr('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(ipInCidr('2001:db9::1', '2001:db8::/32')).toBe(false);
  });

  it('multiple values are ORed; multiple keys and operators are ANDed', () => {
    const ors = c('StringEquals', 'aws:PrincipalTag/team', 'red', 'blue');
    expect(evaluateCondition(ors, ctx({ 'aws:PrincipalTag/team': 'blue' }))).toBe('yes');
    const statement = st({ conditions: [ors, c('StringEquals', 'aws:RequestedRegion', 'eu-west-1')] });
    expect(evaluateConditions(statement, ctx({ 'aws:PrincipalTag/team': 'blue', 'aws:RequestedRegion': 'eu-west-1' }))).toBe('yes');
    expect(evaluateConditions(statement, ctx({ 'aws:PrincipalTag/team': 'blue', 'aws:RequestedRegion': 'us-east-1' }))).toBe('no');
  });

  it('unknown context values or condition values give unknown, never a guess', () => {
    const unknownCtx = new RequestContext({ 'aws:PrincipalOrgID': { unknown: 'no inventory' } });
    expect(evaluateCondition(c('StringEquals', 'aws:PrincipalOrgID', 'o-abc'), unknownCtx)).toBe('unknown');
    const unknownValue: ConditionEntry = { operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: [{ unknown: true, why: 'var.org' }], range: R, path: 'c' };
    expect(evaluateCondition(unknownValue, ctx({ 'aws:PrincipalOrgID': 'o-abc' }))).toBe('unknown');
    // but a known match among the values decides
    const mixed: ConditionEntry = { ...unknownValue, values: [{ unknown: true, why: 'var.org' }, 'o-abc'] };
    expect(evaluateCondition(mixed, ctx({ 'aws:PrincipalOrgID': 'o-abc' }))).toBe('yes');
  });
});

describe('statements and policy evaluation logic', () => {
  const bucket = 'arn:aws:s3:::example-bucket/key';
  const alice = classifyAwsPrincipal('arn:aws:iam::111111111111:user/alice');

  it('matches principal, action, resource and conditions', () => {
    const s = st({ principal: { entries: [{ type: 'AWS', value: '111111111111', range: R, path: 'p' }], range: R, path: 'p' }, action: list('s3:Get*'), resource: list('arn:aws:s3:::example-bucket/*') });
    expect(statementApplies(s, { principal: alice, action: 's3:GetObject', resource: bucket })).toBe('yes');
    expect(statementApplies(s, { principal: alice, action: 's3:PutObject', resource: bucket })).toBe('no');
    expect(statementApplies(s, { principal: classifyAwsPrincipal('arn:aws:iam::222222222222:root'), action: 's3:GetObject', resource: bucket })).toBe('no');
  });

  it('NotAction, NotResource and NotPrincipal', () => {
    const s = st({ notAction: list('iam:*'), notResource: list('arn:aws:s3:::secret/*') });
    expect(statementApplies(s, { action: 's3:GetObject', resource: bucket })).toBe('yes');
    expect(statementApplies(s, { action: 'iam:CreateUser', resource: bucket })).toBe('no');
    expect(statementApplies(s, { action: 's3:GetObject', resource: 'arn:aws:s3:::secret/x' })).toBe('no');
    const np = st({ effect: 'Deny', notPrincipal: { entries: [{ type: 'AWS', value: 'arn:aws:iam::111111111111:user/alice', range: R, path: 'n' }], range: R, path: 'n' }, action: list('*'), resource: list('*') });
    expect(statementApplies(np, { principal: alice, action: 's3:GetObject', resource: bucket })).toBe('no');
    expect(statementApplies(np, { principal: classifyAwsPrincipal('arn:aws:iam::111111111111:user/bob'), action: 's3:GetObject', resource: bucket })).toBe('yes');
  });

  it('an explicit deny overrides an allow; no allow is an implicit deny', () => {
    const doc = (statements: Statement[]): PolicyDocument => ({ statements, unknowns: [], problems: [] });
    const allow = st({ action: list('s3:*'), resource: list('*') });
    const deny = st({ effect: 'Deny', action: list('s3:DeleteObject'), resource: list('*') });
    expect(evaluatePolicies([doc([allow, deny])], { action: 's3:GetObject', resource: bucket }).decision).toBe('allow');
    expect(evaluatePolicies([doc([allow]), doc([deny])], { action: 's3:DeleteObject', resource: bucket }).decision).toBe('explicit-deny');
    expect(evaluatePolicies([doc([deny])], { action: 's3:GetObject', resource: bucket }).decision).toBe('implicit-deny');
    const conditional = st({ effect: 'Deny', action: list('*'), resource: list('*'), conditions: [c('Bool', 'aws:SecureTransport', 'false')] });
    expect(evaluatePolicies([doc([allow, conditional])], { action: 's3:GetObject', resource: bucket, context: ctx({ 'aws:SecureTransport': 'false' }) }).decision).toBe('explicit-deny');
    expect(evaluatePolicies([doc([allow, conditional])], { action: 's3:GetObject', resource: bucket, context: ctx({ 'aws:SecureTransport': 'true' }) }).decision).toBe('allow');
    const unknownDeny = st({ effect: 'Deny', action: list('*'), resource: list('*'), conditions: [c('Bool', 'aws:SecureTransport', 'false')] });
    expect(evaluatePolicies([doc([allow, unknownDeny])], { action: 's3:GetObject', resource: bucket, context: new RequestContext({ 'aws:SecureTransport': { unknown: 'x' } }) }).decision).toBe('unknown');
  });

  it('tells binding conditions from apparent ones', () => {
    const s = st({
      conditions: [
        c('StringEquals', 'aws:PrincipalOrgID', 'o-abcdefghij'),
        c('StringEqualsIfExists', 'aws:PrincipalArn', 'arn:aws:iam::1:role/x'),
        c('ForAllValues:StringEquals', 'aws:PrincipalOrgPaths', 'o-a/r-b/ou-c/'),
        c('StringLike', 'sts:ExternalId', '*'),
      ],
    });
    const a = analyzeConditions(s);
    expect(a.binding.map((x) => x.key)).toEqual(['aws:PrincipalOrgID']);
    expect(a.apparent.map((x) => x.why)).toEqual([
      'StringEqualsIfExists passes when aws:PrincipalArn is absent',
      'ForAllValues:StringEquals is true when aws:PrincipalOrgPaths is absent',
      'a value of sts:ExternalId matches any caller',
    ]);
  });

  it('classifies service and federated principals', () => {
    expect(classifyPrincipal({ type: 'Service', value: 'cloudtrail.amazonaws.com' })).toMatchObject({ kind: 'service' });
    expect(classifyPrincipal({ type: 'Federated', value: 'cognito-identity.amazonaws.com' })).toMatchObject({ kind: 'web-identity' });
  });
});

describe('action catalog', () => {
  it('knows the actions AWS defines', () => {
    expect(checkAction('sts:AssumeRole')).toEqual({ ok: true });
    expect(checkAction('s3:GetObject')).toEqual({ ok: true });
    expect(checkAction('S3:getobject')).toEqual({ ok: true });
    expect(checkAction('s3:Get*')).toEqual({ ok: true });
    expect(checkAction('*')).toEqual({ ok: true });
    expect(checkAction('s3:GetObjekt')).toMatchObject({ ok: false, reason: expect.stringMatching(/not an action of s3/) });
    expect(checkAction('s4:GetObject')).toMatchObject({ ok: false, reason: expect.stringMatching(/service prefix "s4"/) });
    // AWS accepts a pattern that matches nothing: only the service is checked
    expect(checkAction('s3:Frobnicate*')).toEqual({ ok: true });
    expect(checkAction('s4:Get*')).toMatchObject({ ok: false });
    expect(checkAction('GetObject')).toMatchObject({ ok: false });
  });

  it('expands wildcards', () => {
    const all = expandAction('sts:AssumeRole*');
    expect(all).toEqual(expect.arrayContaining(['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']));
  });
});

describe('narrowing semantics: operators, source addresses, guardrail idioms, dead conditions', () => {
  const doc = (statements: Statement[]): PolicyDocument => ({ statements, unknowns: [], problems: [] });
  const bucket = 'arn:aws:s3:::example-bucket/key';

  it('operator names: AWS spellings pass, misspellings and other cases are named', () => {
    expect(operatorProblem('StringEquals')).toBeUndefined();
    expect(operatorProblem('ForAnyValue:StringLikeIfExists')).toBeUndefined();
    expect(operatorProblem('StringEqual')).toMatch(/not one AWS defines/);
    expect(operatorProblem('stringequals')).toMatch(/written "StringEquals"/);
    expect(operatorProblem('NullIfExists')).toMatch(/Null takes no IfExists/);
    // an operator AWS does not define never binds, and the simulator cannot decide it
    expect(conditionBinding(c('StringEqual', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'))).toBe('no');
    expect(evaluateCondition(c('StringEqual', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'), ctx({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }))).toBe('unknown');
  });

  it('ForAnyValue on a single-valued key behaves as the plain operator; ForAllValues stays vacuous', () => {
    expect(conditionBinding(c('ForAnyValue:StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'))).toBe('yes');
    expect(conditionBinding(c('ForAllValues:StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'))).toBe('no');
    const any = c('ForAnyValue:StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5');
    expect(evaluateCondition(any, ctx({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }))).toBe('yes');
    expect(evaluateCondition(any, ctx({ 'aws:PrincipalOrgID': 'o-other' }))).toBe('no');
    expect(evaluateCondition(any, ctx())).toBe('no');
  });

  it('StringEquals reads * literally; ARN patterns bind when the account field is literal', () => {
    expect(conditionBinding(c('StringEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/x'))).toBe('yes');
    expect(conditionBinding(c('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*'))).toBe('no');
    expect(conditionBinding(c('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:111111111111:*'))).toBe('yes');
    expect(conditionBinding(c('ArnEquals', 'aws:SourceArn', 'arn:aws:sns:eu-west-1:*:topic'))).toBe('no');
    expect(conditionBinding(c('StringEquals', 'aws:SourceOwner', '111111111111'))).toBe('yes');
    expect(conditionBinding(c('StringEquals', 'AWS:SOURCEOWNER', '111111111111'))).toBe('yes');
  });

  it('fixed aws:SourceIp ranges limit a statement; wide ones, IfExists and unknown ones do not', () => {
    const withIp = (op: string, ...v: string[]) => st({ conditions: [c(op, 'aws:SourceIp', ...v)] });
    expect(sourceIpLimited(withIp('IpAddress', '203.0.113.0/24'))).toBe('yes');
    expect(sourceIpLimited(withIp('IpAddress', '10.0.0.0/8', '198.51.100.7'))).toBe('yes');
    expect(sourceIpLimited(withIp('IpAddress', '2001:db8::/32'))).toBe('yes');
    expect(sourceIpLimited(withIp('IpAddress', '10.0.0.0/7'))).toBe('no');
    expect(sourceIpLimited(withIp('IpAddress', '203.0.113.0/24', '0.0.0.0/0'))).toBe('no');
    expect(sourceIpLimited(withIp('IpAddress', '2001:db8::/31'))).toBe('no');
    expect(sourceIpLimited(withIp('IpAddressIfExists', '203.0.113.0/24'))).toBe('no');
    expect(sourceIpLimited(withIp('NotIpAddress', '203.0.113.0/24'))).toBe('no');
    expect(sourceIpLimited(st({ conditions: [{ ...c('IpAddress', 'aws:SourceIp'), values: [{ unknown: true, why: 'var' }] }] }))).toBe('unknown');
    // never a narrowing of who the caller is
    expect(conditionBinding(c('IpAddress', 'aws:SourceIp', '203.0.113.0/24'))).toBe('no');
  });

  it('in a Deny, IfExists and negated operators are guardrails: a request without the key is denied', () => {
    const allow = st({ action: list('s3:*'), resource: list('*') });
    const perimeter = st({ effect: 'Deny', action: list('s3:*'), resource: list('*'), conditions: [c('StringNotEqualsIfExists', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5')] });
    const req = (e: Record<string, string>) => ({ action: 's3:GetObject', resource: bucket, context: ctx(e) });
    expect(evaluatePolicies([doc([allow, perimeter])], req({})).decision).toBe('explicit-deny');
    expect(evaluatePolicies([doc([allow, perimeter])], req({ 'aws:PrincipalOrgID': 'o-other' })).decision).toBe('explicit-deny');
    expect(evaluatePolicies([doc([allow, perimeter])], req({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' })).decision).toBe('allow');
    const notIp = st({ effect: 'Deny', action: list('s3:*'), resource: list('*'), conditions: [c('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24')] });
    expect(evaluatePolicies([doc([allow, notIp])], req({ 'aws:SourceIp': '198.51.100.1' })).decision).toBe('explicit-deny');
    expect(evaluatePolicies([doc([allow, notIp])], req({ 'aws:SourceIp': '203.0.113.9' })).decision).toBe('allow');
  });

  it('dead conditions: literal patterns, another issuer, non-boolean, wrong-type numbers and dates', () => {
    const allow = (...conds: ConditionEntry[]) => st({ conditions: conds });
    expect(isDeadAllow(allow(c('StringEquals', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/x-*')))).toBe(true);
    expect(isDeadAllow(allow(c('StringEquals', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/x-*', 'arn:aws:iam::111111111111:role/y')))).toBe(false);
    expect(isDeadAllow(allow(c('StringLike', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/x-*')))).toBe(false);
    expect(isDeadAllow(allow(c('StringEquals', 's3:prefix', '*')))).toBe(false);
    expect(isDeadAllow(allow(c('Bool', 'aws:SecureTransport', 'yes')))).toBe(true);
    expect(isDeadAllow(allow(c('Bool', 'aws:SecureTransport', 'True')))).toBe(false);
    expect(isDeadAllow(allow(c('NumericLessThan', 's3:max-keys', 'ten')))).toBe(true);
    expect(isDeadAllow(allow(c('DateLessThan', 'aws:CurrentTime', 'end of 2027')))).toBe(true);
    expect(isDeadAllow(allow(c('DateLessThan', 'aws:CurrentTime', '2027-12-31T00:00:00Z')))).toBe(false);
    expect(isDeadAllow(allow(c('DateLessThanIfExists', 'aws:CurrentTime', 'soon')))).toBe(false);
    expect(isDeadAllow(allow(c('StringEquals', 'aws:userid', '${aws:userid}')))).toBe(false);
    const github = { entries: [{ type: 'Federated' as const, value: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', range: R, path: 'p' }], range: R, path: 'p' };
    expect(isDeadAllow(st({ principal: github, conditions: [c('StringLike', 'gitlab.com:sub', 'project_path:acme/x:*')] }))).toBe(true);
    expect(isDeadAllow(st({ principal: github, conditions: [c('StringLike', 'token.actions.githubusercontent.com:sub', 'repo:acme/x:*')] }))).toBe(false);
    expect(isDeadAllow(st({ effect: 'Deny', conditions: [c('Bool', 'aws:SecureTransport', 'no')] }))).toBe(false);
  });

  it('unique ids and the two spellings of "*"', () => {
    expect(classifyAwsPrincipal('AROAEXAMPLEID123').kind).toBe('role');
    expect(classifyAwsPrincipal('AIDAEXAMPLEID123').kind).toBe('user');
    expect(classifyAwsPrincipal('AGPAEXAMPLEID123').account).toBeUndefined();
    expect(classifyPrincipal({ type: '*', value: '*' }).kind).toBe('anyone');
    expect(classifyPrincipal({ type: 'AWS', value: '*' }).kind).toBe('anyone');
  });

  it('a service principal with an unknown region is still that service', () => {
    const info = classifyPrincipal({ type: 'Service', value: { unknown: true, why: 'var.region', parts: ['logs.', null, '.amazonaws.com'] } });
    expect(info.kind).toBe('service');
    expect(info.text).toBe('logs.….amazonaws.com');
  });
});
