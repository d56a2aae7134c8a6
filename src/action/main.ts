/**
 * The GitHub Action: scans the workspace (or the given path and plans), writes SARIF for
 * code scanning, annotates findings, writes a job summary and a pull-request comment file, and
 * fails the step on new findings at or above `fail-on`. On a pull request whose base commit is in
 * the checkout, the head is compared with that base: only what the pull request adds is annotated
 * and counts. The checked-out repository is untrusted: apart from the runner's own files (the
 * event payload, the output and summary files) nothing outside the workspace is read or written,
 * no command is run, nothing is fetched.
 */
import { collectIfLarge } from '../full-gc';
import { commandSafe, markdownText } from '../report/escape';
import { OutputError, writeOutputFile } from '../write-file';
import { escapesRoot, readRegularFile } from '../read-file';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import type { Notification } from '../diagnostics';
import { diffCountingFindings, emptyResult, runDiff, TreeSpecError, type DiffResult } from '../diff/run';
import { FAIL_ON, countingFindings, failsOn, scoreOf, type FailOn } from '../engine/fail-on';
import { ConfigError } from '../engine/config';
import { LEVEL_RANK, type Finding } from '../engine/finding';
import { GitError } from '../git/objects';
import { GitRepository } from '../git/repository';
import { buildDiffSarif, diffToMarkdown, MAX_COMMENT_CHARS } from '../report/diff';
import { toMarkdown } from '../report/markdown';
import { buildSarif, toSarif } from '../report/sarif';
import { UsageError, gitTopLevel, scan, type ScanResult } from '../scan';
import { changedLines, fileAtCommit, fileInDir } from './changed-lines';

/** GitHub keeps at most 10 error and 10 warning annotations per step. */
const MAX_ANNOTATIONS = 10;
/** The job summary holds at most 1 MiB. */
const SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024;
/** Largest event payload read. */
const MAX_EVENT_BYTES = 64 * 1024 * 1024;

class InputError extends Error {}

/** A path input, resolved inside the workspace; anything leading outside is refused. */
function insideWorkspace(workspace: string, input: string, name: string): string {
  const abs = path.resolve(workspace, input);
  const rel = path.relative(workspace, abs);
  if (escapesRoot(rel)) throw new InputError(`input ${name}: ${input} is outside the workspace`);
  try {
    const real = fs.realpathSync(abs);
    const realRel = path.relative(fs.realpathSync(workspace), real);
    if (escapesRoot(realRel)) throw new InputError(`input ${name}: ${input} leads outside the workspace`);
  } catch (e) {
    if (e instanceof InputError) throw e;
  }
  return abs;
}

function listInput(name: string): string[] {
  return core
    .getMultilineInput(name)
    .flatMap((l) => l.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

function boolInput(name: string, dflt: boolean): boolean {
  const v = core.getInput(name).trim().toLowerCase();
  if (v === '') return dflt;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InputError(`input ${name} must be true or false, got "${v}"`);
}

const posix = (p: string) => p.split(path.sep).join('/');

/** The base commit of the pull request the workflow runs for, from the runner's event payload. */
function pullRequestBase(): string | undefined {
  const event = process.env.GITHUB_EVENT_NAME;
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined;
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) return undefined;
  const res = readRegularFile(file, MAX_EVENT_BYTES);
  if (!res.ok) return undefined;
  try {
    const sha = (JSON.parse(res.bytes.toString('utf8')) as { pull_request?: { base?: { sha?: unknown } } }).pull_request?.base?.sha;
    return typeof sha === 'string' && /^[0-9a-f]{40}$/i.test(sha) ? sha.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The git repository holding the scanned paths, when it and its git directory lie inside the
 * workspace; otherwise why not.
 */
function workspaceRepository(workspace: string, first: string): { repo: GitRepository; top: string } | { why: string } {
  const top = gitTopLevel(first);
  if (!top || escapesRoot(path.relative(workspace, top))) return { why: 'the workspace is not a git checkout' };
  let repo: GitRepository;
  try {
    repo = GitRepository.open(top);
  } catch (e) {
    if (e instanceof GitError) return { why: e.message };
    throw e;
  }
  const real = fs.realpathSync(workspace);
  if ([repo.gitDir, repo.commonDir].some((d) => escapesRoot(path.relative(real, d)))) {
    repo.close();
    return { why: 'its git directory lies outside the workspace' };
  }
  return { repo, top };
}

/** Where the base's copy of a head file is read from, for the changed lines. */
type BaseFiles = (file: string) => string | undefined;

interface Inputs {
  failOn: FailOn;
  paths: string[];
  plans: string[];
  configFile?: string;
  baseline?: string;
  varFiles: string[];
  only: string[];
  skip: string[];
  exclude: string[];
  category?: string;
  trust: 'base' | 'head';
  annotations: boolean;
  summary: boolean;
}

/** The comment file beside the SARIF file: `tfxacct.sarif` -> `tfxacct.comment.md`. */
function commentFileFor(sarifFile: string): string {
  const base = path.basename(sarifFile).replace(/\.sarif(\.json)?$|\.json$/i, '');
  return path.join(path.dirname(sarifFile), `${base || 'tfxacct'}.comment.md`);
}

function linkBase(): string | undefined {
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repo = process.env.GITHUB_REPOSITORY;
  const sha = process.env.GITHUB_SHA;
  return repo && sha ? `${server}/${repo}/blob/${sha}/` : undefined;
}

function annotation(f: Finding, lines?: { start: number; end: number }): void {
  const start = lines?.start ?? f.startLine;
  const end = lines?.end ?? f.endLine;
  const props: core.AnnotationProperties = {
    title: `${f.ruleId} ${f.slug}`,
    file: f.file,
    startLine: start,
    endLine: end,
    ...(start === f.startLine && end === f.endLine && f.startLine === f.endLine ? { startColumn: f.startColumn, endColumn: f.endColumn } : {}),
  };
  const suppressed = f.suppressed ? ' (suppressed by a suppression this change adds: it still counts)' : '';
  const message = `${f.message} (${f.address})${suppressed}`;
  if (f.level === 'error') core.error(message, props);
  else if (f.level === 'warning') core.warning(message, props);
  else core.notice(message, props);
}

/** At most 10 errors and 10 others, in the order given. */
function capped(list: { f: Finding; lines?: { start: number; end: number } }[]): typeof list {
  let errors = 0;
  let others = 0;
  return list.filter(({ f }) => (f.level === 'error' ? ++errors <= MAX_ANNOTATIONS : ++others <= MAX_ANNOTATIONS));
}

const bySeverity = (a: Finding, b: Finding) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || scoreOf(b) - scoreOf(a);

/** Without a base: the most severe findings that are not suppressed or unchanged from a baseline. */
function annotateAll(findings: Finding[]): void {
  const active = findings.filter((f) => !f.suppressed && f.baselineState !== 'unchanged');
  for (const a of capped([...active].sort(bySeverity).map((f) => ({ f })))) annotation(a.f);
}

/**
 * With a base: only the findings the pull request adds, on the lines it changed within the
 * finding's range; a new finding whose lines did not change (a changed input elsewhere made it)
 * comes after those, at its own place.
 */
function annotateNew(findings: Finding[], workspace: string, baseFile: BaseFiles): void {
  const changed = new Map<string, Set<number>>();
  const changedIn = (file: string): Set<number> => {
    let set = changed.get(file);
    if (!set) {
      const head = fileInDir(workspace, file);
      set = head === undefined ? new Set() : changedLines(baseFile(file), head);
      changed.set(file, set);
    }
    return set;
  };
  const placed = findings.map((f) => {
    const set = changedIn(f.file);
    const hit: number[] = [];
    for (let l = f.startLine; l <= f.endLine; l++) if (set.has(l)) hit.push(l);
    return { f, ...(hit.length > 0 ? { lines: { start: hit[0], end: hit[hit.length - 1] } } : {}) };
  });
  placed.sort((a, b) => Number(!!b.lines) - Number(!!a.lines) || bySeverity(a.f, b.f));
  for (const a of capped(placed)) annotation(a.f, a.lines);
}

function printNotifications(notes: Notification[]): void {
  for (const n of notes) {
    const props = n.file ? { file: n.file, ...(n.startLine ? { startLine: n.startLine } : {}) } : {};
    if (n.level === 'error') core.warning(`tfxacct could not read part of the input: ${n.message}`, props);
    else if (n.kind === 'module-unavailable') core.warning(`tfxacct: ${n.message}`, props);
    else if (n.level === 'warning') core.info(commandSafe(`tfxacct: ${n.message}`));
  }
}

function setOutputs(workspace: string, o: { sarifFile: string; commentFile: string; findings: number; newFindings: number; newAccess: number }): void {
  core.setOutput('sarif-file', posix(path.relative(workspace, o.sarifFile)));
  core.setOutput('findings', String(o.findings));
  core.setOutput('new-findings', String(o.newFindings));
  core.setOutput('new-access', String(o.newAccess));
  core.setOutput('comment-file', posix(path.relative(workspace, o.commentFile)));
}

/** A SARIF log of no results whose invocation failed with the error, so that the upload step has a file. */
function errorSarif(workspace: string, scanPaths: string[], message: string, category?: string): string {
  const result: ScanResult = emptyResult(workspace, scanPaths);
  result.notifications.push({ level: 'error', kind: 'input-error', message });
  const log = buildSarif(result, category ? { category } : {});
  for (const inv of log.runs[0].invocations ?? []) inv.executionSuccessful = false;
  return JSON.stringify(log, null, 2) + '\n';
}

type Outcome = { kind: 'scan'; result: ScanResult } | { kind: 'diff'; diff: DiffResult; baseFile: BaseFiles };

interface Base {
  value: string;
  baseFile: () => BaseFiles;
  close: () => void;
}

/** Why a pull request's scan was not compared with its base (for the summary and the comment). */
let notCompared: string | undefined;

/** The base to compare with, from the `base` input or the pull request; undefined for a whole scan. */
function chooseBase(workspace: string, inputs: Inputs): Base | undefined {
  const explicit = core.getInput('base').trim();
  if (explicit) {
    if (inputs.plans.length > 0) throw new InputError('input base cannot be combined with plan: a plan describes one tree, not both');
    if (inputs.baseline) throw new InputError('input base cannot be combined with baseline: the base tree is the baseline');
    const abs = path.resolve(workspace, explicit);
    if (path.isAbsolute(explicit) || /^\.\.?([/\\]|$)/.test(explicit) || fs.existsSync(abs)) {
      insideWorkspace(workspace, explicit, 'base');
      return { value: explicit, baseFile: () => (file) => fileInDir(abs, file), close: () => {} };
    }
    const found = workspaceRepository(workspace, inputs.paths[0]);
    if ('why' in found) throw new InputError(`input base: ${explicit} is not a directory of the workspace, and ${found.why}`);
    return gitBase(found.repo, found.top, workspace, explicit, explicit);
  }
  const sha = pullRequestBase();
  if (!sha) return undefined;
  if (inputs.plans.length > 0 || inputs.baseline) {
    notCompared = `Not compared with the pull request's base: ${inputs.plans.length > 0 ? 'a plan describes one tree' : 'input baseline is given, and only findings not in it count'}.`;
    core.info(`tfxacct: ${notCompared}`);
    return undefined;
  }
  const found = workspaceRepository(workspace, inputs.paths[0]);
  let why = 'why' in found ? found.why : undefined;
  if (!('why' in found)) {
    try {
      found.repo.treeOf(found.repo.resolveCommit(sha));
      return gitBase(found.repo, found.top, workspace, sha, sha);
    } catch (e) {
      found.repo.close();
      if (!(e instanceof GitError)) throw e;
      why = `commit ${sha.slice(0, 12)} is not in the checkout`;
    }
  }
  notCompared =
    `The pull request's base commit ${sha.slice(0, 12)} cannot be read (${why}), so the whole tree is scanned and every finding counts. ` +
    'Check out with fetch-depth: 0 (or fetch the base commit) to compare with the base.';
  core.warning(`tfxacct: ${notCompared.charAt(0).toLowerCase()}${notCompared.slice(1)}`);
  return undefined;
}

function gitBase(repo: GitRepository, top: string, workspace: string, rev: string, value: string): Base {
  let commit: string;
  try {
    commit = repo.resolveCommit(rev);
  } catch (e) {
    repo.close();
    if (e instanceof GitError) throw new InputError(`input base: ${e.message}`);
    throw e;
  }
  return {
    value,
    // file paths are relative to the workspace; the repository may be a folder of it
    baseFile: () => (file) => fileAtCommit(repo, commit, posix(path.relative(top, path.join(workspace, file)))),
    close: () => repo.close(),
  };
}

function readInputs(workspace: string): Inputs {
  const failOn = (core.getInput('fail-on') || 'error') as FailOn;
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new InputError(`input fail-on must be one of ${FAIL_ON.join(', ')}, got "${failOn}"`);
  const trust = core.getInput('trust').trim() || 'base';
  if (trust !== 'base' && trust !== 'head') throw new InputError(`input trust must be base or head, got "${trust}"`);
  const paths = listInput('path').map((p) => insideWorkspace(workspace, p, 'path'));
  const configInput = core.getInput('config');
  const baselineInput = core.getInput('baseline');
  const category = core.getInput('category').trim();
  return {
    failOn,
    paths: paths.length > 0 ? paths : [workspace],
    plans: listInput('plan').map((p) => insideWorkspace(workspace, p, 'plan')),
    ...(configInput ? { configFile: insideWorkspace(workspace, configInput, 'config') } : {}),
    ...(baselineInput ? { baseline: insideWorkspace(workspace, baselineInput, 'baseline') } : {}),
    varFiles: listInput('var-files').map((p) => insideWorkspace(workspace, p, 'var-files')),
    only: listInput('rules'),
    skip: listInput('skip-rules'),
    exclude: listInput('exclude'),
    ...(category ? { category } : {}),
    trust,
    annotations: boolInput('annotations', true),
    summary: boolInput('summary', true),
  };
}

export async function runAction(): Promise<void> {
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
  // where the SARIF file goes when the sarif-file input itself is refused
  let sarifFile = path.join(workspace, 'tfxacct.sarif');
  let category: string | undefined;
  let scanPaths = ['.'];
  try {
    sarifFile = insideWorkspace(workspace, core.getInput('sarif-file') || 'tfxacct.sarif', 'sarif-file');
    category = core.getInput('category').trim() || undefined;
    const inputs = readInputs(workspace);
    scanPaths = inputs.paths.map((p) => posix(path.relative(workspace, p)) || '.');
    const commentFile = commentFileFor(sarifFile);
    const base = chooseBase(workspace, inputs);
    const common = {
      root: workspace,
      cwd: workspace,
      ...(inputs.configFile ? { configFile: inputs.configFile } : {}),
      varFiles: inputs.varFiles,
      only: inputs.only,
      skip: inputs.skip,
      exclude: inputs.exclude,
      afterLoading: () => collectIfLarge(),
      collectGarbage: () => void collectIfLarge(0),
    };
    let outcome: Outcome;
    try {
      outcome = base
        ? { kind: 'diff', diff: await runDiff({ ...common, paths: inputs.paths, base: base.value, trust: inputs.trust }), baseFile: base.baseFile() }
        : { kind: 'scan', result: await scan({ ...common, paths: inputs.paths, plans: inputs.plans, ...(inputs.baseline ? { baseline: inputs.baseline } : {}) }) };
      const head = outcome.kind === 'diff' ? outcome.diff.head.result : outcome.result;
      const counting = outcome.kind === 'diff' ? diffCountingFindings(outcome.diff) : countingFindings(outcome.result.findings);
      const categoryOpt = inputs.category ? { category: inputs.category } : {};
      writeOutputFile(sarifFile, outcome.kind === 'diff' ? JSON.stringify(buildDiffSarif(outcome.diff, { absent: false, ...categoryOpt }), null, 2) + '\n' : toSarif(outcome.result, categoryOpt));
      const links = linkBase();
      const comment = outcome.kind === 'diff' ? diffToMarkdown(outcome.diff, { ...(links ? { linkBase: links } : {}) }) : wholeScanMarkdown(outcome.result, links, MAX_COMMENT_CHARS);
      writeOutputFile(commentFile, comment);
      setOutputs(workspace, {
        sarifFile,
        commentFile,
        findings: head.findings.filter((f) => !f.suppressed).length,
        newFindings: counting.length,
        newAccess: outcome.kind === 'diff' ? outcome.diff.newAccess.length : 0,
      });

      printNotifications(outcome.kind === 'diff' ? [...head.notifications, ...outcome.diff.notifications] : head.notifications);
      if (inputs.annotations) {
        if (outcome.kind === 'diff') annotateNew(counting, workspace, outcome.baseFile);
        else annotateAll(head.findings);
      }
      if (inputs.summary && process.env.GITHUB_STEP_SUMMARY) {
        const text = outcome.kind === 'diff' ? diffToMarkdown(outcome.diff, { ...(links ? { linkBase: links } : {}), fixedLead: true }) : wholeScanMarkdown(outcome.result, links, SUMMARY_LIMIT);
        await core.summary.addRaw(text).write();
      }
      if (head.stats.files === 0) {
        core.setFailed('tfxacct: nothing was scanned: no Terraform file or plan could be read');
        return;
      }
      const onlyNew = outcome.kind === 'diff' || !!inputs.baseline;
      const failing = counting.filter((f) => failsOn(f, inputs.failOn));
      if (failing.length > 0) {
        core.setFailed(`tfxacct: ${failing.length} ${onlyNew ? 'new ' : ''}finding${failing.length === 1 ? '' : 's'} at or above "${inputs.failOn}"`);
      } else {
        core.info(commandSafe(`tfxacct: ${head.findings.length} findings, none ${onlyNew ? 'new ' : ''}at or above "${inputs.failOn}"`));
      }
    } finally {
      base?.close();
    }
  } catch (e) {
    let message: string;
    if (e instanceof InputError || e instanceof UsageError || e instanceof OutputError || e instanceof TreeSpecError || e instanceof GitError) message = e.message;
    else if (e instanceof ConfigError) message = `configuration error:\n${e.problems.join('\n')}`;
    else message = `internal error: ${(e as Error)?.stack ?? String(e)}`;
    failWithReport(workspace, sarifFile, scanPaths, message, category);
  }
}

/** Markdown of a scan without a base; on a pull request, first why it was not compared. */
function wholeScanMarkdown(result: ScanResult, links: string | undefined, max: number): string {
  let text = toMarkdown(result, { ...(links ? { linkBase: links } : {}), maxChars: max - 2000 });
  const note = notCompared;
  if (note) text = text.replace(/^(## [^\n]*\n\n)/, (head: string) => `${head}> ${markdownText(note)}\n\n`);
  if (text.length > max) text = text.slice(0, max - 1) + '\n';
  return text;
}

/**
 * The scan stopped: the step fails with the reason, and the SARIF file, the comment file and the
 * outputs are still written, so that the steps after this one find what they expect.
 */
function failWithReport(workspace: string, sarifFile: string, scanPaths: string[], message: string, category?: string): void {
  const commentFile = commentFileFor(sarifFile);
  try {
    writeOutputFile(sarifFile, errorSarif(workspace, scanPaths, message, category));
    writeOutputFile(commentFile, `## tfxacct\n\nThe scan did not run:\n\n${message.split('\n').map((l) => `> ${markdownText(l)}`).join('\n')}\n`);
    setOutputs(workspace, { sarifFile, commentFile, findings: 0, newFindings: 0, newAccess: 0 });
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    core.warning(commandSafe(`tfxacct: ${e.message}`));
  }
  core.setFailed(`tfxacct: ${message}`);
}

if (require.main === module) void runAction();
