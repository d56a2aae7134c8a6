/**
 * The in-process git reader agrees with git: revisions resolve to the same commits (refs, packed
 * refs, annotated tags, abbreviated ids, ~ and ^, a linked worktree) and blobs read back as written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitError } from '../src/git/objects';
import { GitRepository, isValidRefName } from '../src/git/repository';
import { commit, git, repoWith } from './support/git';

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-git-')));
}

describe('GitRepository', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    repoWith(dir, { 'a.tf': 'one\n' }, { 'a.tf': 'two\n' });
    git(dir, 'checkout', '-q', '-b', 'side', 'HEAD~1');
    commit(dir, { 'b.tf': 'side\n' }, 'side');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'merge', 'side');
    git(dir, 'tag', '-a', 'v1', '-m', 'release', 'HEAD~1');
    git(dir, 'tag', 'light', 'HEAD^2');
    git(dir, 'pack-refs', '--all');
    commit(dir, { 'c.tf': 'three\n' }, 'after packing');
  });

  it('resolves revisions as git rev-parse does', () => {
    const repo = GitRepository.open(dir);
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    for (const rev of ['HEAD', '@', 'main', 'refs/heads/main', 'side', 'v1', 'refs/tags/v1', 'light', 'HEAD~1', 'HEAD~1^2', 'HEAD^1^', 'main~2', 'v1^{commit}', head, head.slice(0, 7), head.slice(0, 12).toUpperCase()]) {
      expect([rev, repo.resolveCommit(rev)]).toEqual([rev, git(dir, 'rev-parse', `${rev.toLowerCase() === rev || /^[0-9A-F]+$/.test(rev) ? rev.toLowerCase() : rev}^{commit}`).trim()]);
    }
    repo.close();
  });

  it('refuses what is not a revision of this repository, in one line', () => {
    const repo = GitRepository.open(dir);
    for (const rev of ['nope', 'main~99', 'HEAD^3', '../../etc/passwd', 'refs/heads/../../config', 'a b', 'main:a.tf', '']) {
      expect(() => repo.resolveCommit(rev)).toThrow(GitError);
    }
    // a tree or blob id is not a commit
    const tree = git(dir, 'rev-parse', 'HEAD^{tree}').trim();
    expect(() => repo.resolveCommit(tree)).toThrow(/names a tree, not a commit/);
    repo.close();
    expect(isValidRefName('feature/x')).toBe(true);
    for (const bad of ['.hidden', 'a..b', 'a/', 'x.lock', 'a@{1}', 'a\\b']) expect(isValidRefName(bad)).toBe(false);
  });

  it('reads a linked worktree through its .git file and common directory', () => {
    const wt = path.join(tempDir(), 'wt');
    git(dir, 'worktree', 'add', '-q', '-b', 'wtb', wt, 'HEAD~1');
    expect(fs.statSync(path.join(wt, '.git')).isFile()).toBe(true);
    const repo = GitRepository.open(wt);
    expect(repo.resolveCommit('HEAD')).toBe(git(dir, 'rev-parse', 'HEAD~1').trim());
    expect(repo.resolveCommit('main')).toBe(git(dir, 'rev-parse', 'main').trim());
    const entries = repo.readTree(repo.treeOf(repo.resolveCommit('HEAD')));
    expect(entries.map((e) => e.name).sort()).toEqual(['a.tf', 'b.tf']);
    expect(repo.readBlob(entries.find((e) => e.name === 'b.tf')!.oid, 1024).toString()).toBe('side\n');
    repo.close();
  });

  it('a folder without a repository is one clear error', () => {
    const plain = tempDir();
    expect(() => GitRepository.open(plain)).toThrow(`${plain} is not a git repository`);
    fs.writeFileSync(path.join(plain, '.git'), 'not a gitdir line\n');
    expect(() => GitRepository.open(plain)).toThrow(`${plain} is not a git repository`);
  });
});
