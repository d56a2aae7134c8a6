/**
 * A base tree written by an adversary: names that lead elsewhere, links and submodules, very
 * many files, very large and decompression-bomb objects, deep and exponentially shared folders,
 * and refs that point outside the git directory. Each stays within its budget, in bounded time,
 * and what is readable is still compared.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as crypto from 'node:crypto';
import { runDiff } from '../src/diff/run';
import { DEFAULT_TREE_BUDGET, materialiseCommit } from '../src/diff/tree';
import { GitRepository } from '../src/git/repository';
import { cli, noStackTrace } from './support/cli';
import { commit, git, repoWith, treeBody, writeLooseObject } from './support/git';

const VENDOR_TF = 'resource "aws_iam_role" "vendor" {\n  name = "vendor"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::888888888888:root" } }] })\n}\n';

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-hostile-diff-')));
}

/** A repository whose branch `evil` holds a tree built from raw entries. */
function repoWithTree(entries: (gitDir: string) => { mode: string; name: string; oid: string }[]): string {
  const dir = tempDir();
  repoWith(dir, { 'README.md': 'fixture\n' });
  const gitDir = path.join(dir, '.git');
  const tree = writeLooseObject(gitDir, 'tree', treeBody(entries(gitDir)));
  const c = writeLooseObject(gitDir, 'commit', Buffer.from(`tree ${tree}\nauthor a <a@b> 0 +0000\ncommitter a <a@b> 0 +0000\n\nevil\n`));
  fs.writeFileSync(path.join(gitDir, 'refs', 'heads', 'evil'), c + '\n');
  return dir;
}

const blob = (gitDir: string, text: string | Buffer) => writeLooseObject(gitDir, 'blob', Buffer.isBuffer(text) ? text : Buffer.from(text));

describe('names and entry kinds', () => {
  it('refuses names that lead elsewhere, skips links and submodules, and says so', async () => {
    const outside = tempDir();
    const dir = repoWithTree((g) => {
      const tf = blob(g, VENDOR_TF);
      return [
        { mode: '100644', name: '..', oid: tf },
        { mode: '100644', name: `..${path.sep}..${path.sep}${path.basename(outside)}${path.sep}x.tf`, oid: tf },
        { mode: '100644', name: '.git', oid: tf },
        { mode: '40000', name: '.GIT', oid: writeLooseObject(g, 'tree', treeBody([{ mode: '100644', name: 'config', oid: tf }])) },
        { mode: '120000', name: 'link.tf', oid: blob(g, '/etc/passwd') },
        { mode: '160000', name: 'vendored', oid: 'a'.repeat(40) },
        { mode: '100644', name: 'main.tf', oid: tf },
        { mode: '100644', name: 'main.tf', oid: blob(g, 'resource "aws_iam_role" "dup" {}\n') },
      ];
    });
    const repo = GitRepository.open(dir);
    const tree = materialiseCommit(repo, repo.resolveCommit('evil'));
    try {
      const written: string[] = [];
      const walk = (d: string, rel: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          expect(e.isSymbolicLink()).toBe(false);
          if (e.isDirectory()) walk(path.join(d, e.name), `${rel}${e.name}/`);
          else written.push(rel + e.name);
        }
      };
      walk(tree.root, '');
      expect(written).toEqual(['main.tf']);
      expect(fs.readFileSync(path.join(tree.root, 'main.tf'), 'utf8')).toBe(VENDOR_TF);
      const messages = tree.notifications.map((n) => n.message).join('\n');
      expect(messages).toMatch(/refused for an empty, "\." or "\.\." name/);
      expect(messages).toMatch(/refused for a path separator or NUL in the name/);
      expect(messages).toMatch(/2 base tree entries refused for a \.git entry/);
      expect(messages).toMatch(/1 symbolic links in the base tree not followed \(first: link\.tf\)/);
      expect(messages).toMatch(/1 submodules in the base tree not read \(first: vendored\)/);
      expect(messages).toMatch(/names them twice/);
    } finally {
      tree.dispose();
      repo.close();
    }
    expect(fs.existsSync(tree.root)).toBe(false);
    expect(fs.readdirSync(outside)).toEqual([]);
    // and through the command line: the readable part is compared, the rest is a notification
    fs.writeFileSync(path.join(dir, 'main.tf'), VENDOR_TF);
    const r = await cli(['scan', '.', '--base', 'evil', '-f', 'json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out.findings.new).toEqual([]);
    expect(out.notifications.map((n: { message: string }) => n.message).join('\n')).toMatch(/^evil \([0-9a-f]{12}\): 1 symbolic links in the base tree not followed/m);
  });

  it('a ref that is a link out of the git directory is not read', async () => {
    const dir = tempDir();
    const [first] = repoWith(dir, { 'main.tf': VENDOR_TF });
    const outside = path.join(tempDir(), 'ref');
    fs.writeFileSync(outside, first + '\n');
    fs.symlinkSync(outside, path.join(dir, '.git', 'refs', 'heads', 'escape'));
    const r = await cli(['scan', '--base', 'escape'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tfxacct: --base escape: not a directory, and "escape" is not a branch, tag or commit/);
    noStackTrace(r);
  });
});

describe('budgets', () => {
  it('very many files: Terraform files first, the rest stops at the budget, in bounded time', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`docs/page-${String(i).padStart(4, '0')}.md`] = `page ${i}\n`;
    files['zzz/vendor.tf'] = VENDOR_TF;
    repoWith(dir, files);
    const t0 = Date.now();
    const d = await runDiff({ base: 'HEAD', head: 'HEAD', paths: [], cwd: dir, budget: { ...DEFAULT_TREE_BUDGET, maxFiles: 500 } });
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(d.notifications.map((n) => n.message).join('\n')).toMatch(/2501 files not read past the budget of 500 files/);
    // the Terraform file was read on both sides: nothing new
    expect(d.findings.unchanged.map((f) => f.ruleId)).toEqual(['TFXA001', 'TFXA002']);
    expect(d.findings.new).toEqual([]);
  });

  it('too many entries in all (a folder shared exponentially) stops at the entry budget', async () => {
    const dir = repoWithTree((g) => {
      let sub = writeLooseObject(g, 'tree', treeBody([{ mode: '100644', name: 'a.txt', oid: blob(g, 'x') }]));
      for (let level = 0; level < 12; level++) {
        sub = writeLooseObject(g, 'tree', treeBody(Array.from({ length: 20 }, (_, i) => ({ mode: '40000', name: `d${String(i).padStart(2, '0')}`, oid: sub }))));
      }
      return [{ mode: '40000', name: 'bomb', oid: sub }, { mode: '100644', name: 'main.tf', oid: blob(g, VENDOR_TF) }];
    });
    const repo = GitRepository.open(dir);
    const t0 = Date.now();
    const tree = materialiseCommit(repo, repo.resolveCommit('evil'), { ...DEFAULT_TREE_BUDGET, maxEntries: 20_000 });
    try {
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(tree.notifications.map((n) => n.message).join('\n')).toMatch(/more than 20000 entries/);
      expect(fs.existsSync(path.join(tree.root, 'main.tf'))).toBe(true);
    } finally {
      tree.dispose();
      repo.close();
    }
  });

  it('folders nested past the depth budget are not read', () => {
    const dir = repoWithTree((g) => {
      let sub = writeLooseObject(g, 'tree', treeBody([{ mode: '100644', name: 'deep.tf', oid: blob(g, VENDOR_TF) }]));
      for (let level = 0; level < 100; level++) sub = writeLooseObject(g, 'tree', treeBody([{ mode: '40000', name: 'd', oid: sub }]));
      return [{ mode: '40000', name: 'deep', oid: sub }, { mode: '100644', name: 'main.tf', oid: blob(g, VENDOR_TF) }];
    });
    const repo = GitRepository.open(dir);
    const tree = materialiseCommit(repo, repo.resolveCommit('evil'));
    try {
      expect(tree.notifications.map((n) => n.message).join('\n')).toMatch(/nested deeper than 64 levels/);
      expect(tree.files).toBe(1);
    } finally {
      tree.dispose();
      repo.close();
    }
  });

  it('a very large file and a decompression bomb are refused without being inflated whole', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': VENDOR_TF });
    fs.writeFileSync(path.join(dir, 'huge.json'), Buffer.alloc(40 * 1024 * 1024, 0x20));
    commit(dir, {}, 'a 40 MiB file');
    const gitDir = path.join(dir, '.git');
    // a loose object whose header says 10 bytes and whose stream inflates to 200 MiB
    const bomb = zlib.deflateSync(Buffer.concat([Buffer.from('blob 10\0'), Buffer.alloc(200 * 1024 * 1024)]));
    const bombOid = crypto.createHash('sha1').update('bomb').digest('hex');
    fs.mkdirSync(path.join(gitDir, 'objects', bombOid.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(gitDir, 'objects', bombOid.slice(0, 2), bombOid.slice(2)), bomb);
    const head = git(dir, 'rev-parse', 'HEAD^{tree}').trim();
    const entries = git(dir, 'ls-tree', head)
      .trim()
      .split('\n')
      .map((l) => {
        const m = /^(\d+) \w+ ([0-9a-f]{40})\t(.*)$/.exec(l)!;
        return { mode: m[1], oid: m[2], name: m[3] };
      });
    const tree = writeLooseObject(gitDir, 'tree', treeBody([...entries, { mode: '100644', name: 'bomb.json', oid: bombOid }].sort((a, b) => a.name.localeCompare(b.name))));
    const c = writeLooseObject(gitDir, 'commit', Buffer.from(`tree ${tree}\nauthor a <a@b> 0 +0000\ncommitter a <a@b> 0 +0000\n\nbomb\n`));
    fs.writeFileSync(path.join(gitDir, 'refs', 'heads', 'bomb'), c + '\n');
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const repo = GitRepository.open(dir);
    const t = materialiseCommit(repo, repo.resolveCommit('bomb'));
    try {
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
      const messages = t.notifications.map((n) => n.message).join('\n');
      // the bomb inflates past its cap and is refused like the large file
      expect(messages).toMatch(/2 base tree files larger than 16 MiB or the remaining budget not read \(first: bomb\.json\)/);
      expect(fs.existsSync(path.join(t.root, 'main.tf'))).toBe(true);
      expect(fs.existsSync(path.join(t.root, 'huge.json'))).toBe(false);
    } finally {
      t.dispose();
      repo.close();
    }
  });

  it('a total byte budget stops writing', () => {
    const dir = tempDir();
    const files: Record<string, string> = { 'main.tf': VENDOR_TF };
    for (let i = 0; i < 20; i++) files[`data/${i}.json`] = JSON.stringify({ i, pad: 'x'.repeat(100_000) });
    repoWith(dir, files);
    const repo = GitRepository.open(dir);
    const t = materialiseCommit(repo, repo.resolveCommit('HEAD'), { ...DEFAULT_TREE_BUDGET, maxBytes: 1024 * 1024 });
    try {
      expect(t.bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(fs.existsSync(path.join(t.root, 'main.tf'))).toBe(true);
      expect(t.notifications.map((n) => n.message).join('\n')).toMatch(/not read past the budget of 1 MiB|larger than 16 MiB or the remaining budget/);
    } finally {
      t.dispose();
      repo.close();
    }
  });
});
