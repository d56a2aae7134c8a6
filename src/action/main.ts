/**
 * The GitHub Action: scans the workspace (or the given path and plans), writes SARIF for
 * code scanning, annotates the most severe findings, writes a job summary and fails the step on
 * new findings at or above `fail-on`. The checked-out repository is untrusted: nothing outside
 * the workspace is read or written, no command is run, nothing is fetched.
 */
import { commandSafe } from '../report/escape';
import { OutputError, writeOutputFile } from '../write-file';
import { escapesRoot } from '../read-file';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { FAIL_ON, countingFindings, failsOn, scoreOf, type FailOn } from '../engine/fail-on';
import { ConfigError } from '../engine/config';
import { LEVEL_RANK, type Finding } from '../engine/finding';
import { toMarkdown } from '../report/markdown';
import { toSarif } from '../report/sarif';
import { UsageError, scan } from '../scan';

/** GitHub keeps at most 10 error and 10 warning annotations per step. */
const MAX_ANNOTATIONS = 10;
/** The job summary holds at most 1 MiB. */
const SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024;

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

function annotate(findings: Finding[]): void {
  const active = findings.filter((f) => !f.suppressed && f.baselineState !== 'unchanged');
  const bySeverity = [...active].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || scoreOf(b) - scoreOf(a));
  const errors = bySeverity.filter((f) => f.level === 'error').slice(0, MAX_ANNOTATIONS);
  const warnings = bySeverity.filter((f) => f.level !== 'error').slice(0, MAX_ANNOTATIONS);
  for (const f of [...errors, ...warnings]) {
    const props: core.AnnotationProperties = {
      title: `${f.ruleId} ${f.slug}`,
      file: f.file,
      startLine: f.startLine,
      endLine: f.endLine,
      ...(f.startLine === f.endLine ? { startColumn: f.startColumn, endColumn: f.endColumn } : {}),
    };
    const message = `${f.message} (${f.address})`;
    if (f.level === 'error') core.error(message, props);
    else if (f.level === 'warning') core.warning(message, props);
    else core.notice(message, props);
  }
}

export async function runAction(): Promise<void> {
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
  try {
    const failOn = (core.getInput('fail-on') || 'error') as FailOn;
    if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new InputError(`input fail-on must be one of ${FAIL_ON.join(', ')}, got "${failOn}"`);
    const paths = listInput('path').map((p) => insideWorkspace(workspace, p, 'path'));
    const plans = listInput('plan').map((p) => insideWorkspace(workspace, p, 'plan'));
    const configInput = core.getInput('config');
    const baselineInput = core.getInput('baseline');
    const sarifFile = insideWorkspace(workspace, core.getInput('sarif-file') || 'tfxacct.sarif', 'sarif-file');
    const annotations = boolInput('annotations', true);
    const summary = boolInput('summary', true);

    const result = await scan({
      paths: paths.length > 0 ? paths : [workspace],
      root: workspace,
      cwd: workspace,
      plans,
      ...(configInput ? { configFile: insideWorkspace(workspace, configInput, 'config') } : {}),
      ...(baselineInput ? { baseline: insideWorkspace(workspace, baselineInput, 'baseline') } : {}),
    });

    writeOutputFile(sarifFile, toSarif(result));
    const counting = countingFindings(result.findings);
    core.setOutput('sarif-file', path.relative(workspace, sarifFile).split(path.sep).join('/'));
    core.setOutput('findings', String(result.findings.filter((f) => !f.suppressed).length));
    core.setOutput('new-findings', String(counting.length));

    for (const n of result.notifications) {
      const props = n.file ? { file: n.file, ...(n.startLine ? { startLine: n.startLine } : {}) } : {};
      if (n.level === 'error') core.warning(`tfxacct could not read part of the input: ${n.message}`, props);
      else if (n.kind === 'module-unavailable') core.warning(`tfxacct: ${n.message}`, props);
      else if (n.level === 'warning') core.info(commandSafe(`tfxacct: ${n.message}`));
    }
    if (annotations) annotate(result.findings);
    if (summary && process.env.GITHUB_STEP_SUMMARY) {
      const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
      const repo = process.env.GITHUB_REPOSITORY;
      const sha = process.env.GITHUB_SHA;
      const linkBase = repo && sha ? `${server}/${repo}/blob/${sha}/` : undefined;
      await core.summary.addRaw(toMarkdown(result, { ...(linkBase ? { linkBase } : {}), maxChars: SUMMARY_LIMIT })).write();
    }
    if (result.stats.files === 0) {
      core.setFailed('tfxacct: nothing was scanned: no Terraform file or plan could be read');
      return;
    }
    const failing = counting.filter((f) => failsOn(f, failOn));
    if (failing.length > 0) {
      core.setFailed(`tfxacct: ${failing.length} ${baselineInput ? 'new ' : ''}finding${failing.length === 1 ? '' : 's'} at or above "${failOn}"`);
    } else {
      core.info(commandSafe(`tfxacct: ${result.findings.length} findings, none ${baselineInput ? 'new ' : ''}at or above "${failOn}"`));
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError || e instanceof OutputError) core.setFailed(`tfxacct: ${e.message}`);
    else if (e instanceof ConfigError) core.setFailed(`tfxacct: configuration error:\n${e.problems.join('\n')}`);
    else core.setFailed(`tfxacct: internal error: ${(e as Error)?.stack ?? String(e)}`);
  }
}

if (require.main === module) void runAction();
