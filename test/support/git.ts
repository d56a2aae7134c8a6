/**
 * Fixture repositories for the diff tests, made with the system git (configuration given with -c
 * only, no user or system config read), and raw objects written by hand for shapes git refuses.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
const OPTS = ['-c', 'user.name=fixture', '-c', 'user.email=fixture@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.autocrlf=false'];

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', [...OPTS, ...args], { cwd: dir, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes the files of a commit (a null content deletes the file) and commits them. */
export function commit(dir: string, files: Record<string, string | null>, message = 'change'): string {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    if (content === null) fs.rmSync(p, { force: true });
    else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    }
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/** A repository with one commit per entry, the last one checked out. */
export function repoWith(dir: string, ...commits: Record<string, string | null>[]): string[] {
  git(dir, 'init', '-q');
  return commits.map((c, i) => commit(dir, c, `commit ${i + 1}`));
}

/** Writes a loose object as git would (for trees git itself refuses to write); returns its id. */
export function writeLooseObject(gitDir: string, type: string, body: Buffer): string {
  const data = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const oid = crypto.createHash('sha1').update(data).digest('hex');
  const p = path.join(gitDir, 'objects', oid.slice(0, 2), oid.slice(2));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, zlib.deflateSync(data));
  return oid;
}

/** The body of a tree object from entries (mode, name, object id). */
export function treeBody(entries: { mode: string; name: string; oid: string }[]): Buffer {
  return Buffer.concat(entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.oid, 'hex')])));
}
