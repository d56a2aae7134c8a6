/**
 * The command line (commander): `scan`, `diff`, `graph`, `check-access`, `who-can`, `rules`, `explain`. The only code that touches argv,
 * stdout/stderr, the exit code and the files reports are written to.
 */
import { OutputError, writeOutputFile } from '../write-file';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { RULES, ruleById } from '../../rules';
import { ConfigError } from '../engine/config';
import { FAIL_ON, countingFindings, failsOn, type FailOn } from '../engine/fail-on';
import type { ResourceInstance } from '../terraform/instance';
import { checkAction } from '../iam/catalog';
import { printable } from '../report/escape';
import { toJson } from '../report/json';
import { notificationsText, toCompact, toText } from '../report/text';
import { MAX_JOBS } from '../hcl/read-pool';
import { collectIfLarge } from '../full-gc';
import { quickStartFor } from './quick-start';
import { endQuickStart } from '../hcl/tree-sitter';
import { UsageError, scan, type ScanOptions, type ScanResult } from '../scan';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import type { DiffResult } from '../diff/run';
import type { DiffFormat } from '../report/diff';

/**
 * A module loaded the first time a command needs it: a plain scan does not read the code of
 * `diff`, `graph`, `check-access`, `explain` or the reports it was not asked for (start-up time is
 * paid by every run, and most of it is reading code).
 */
interface Lazy<T> {
  (): T;
  /** Whether it was loaded (an error of one of its classes can only come from code that was). */
  readonly loaded: boolean;
}
function lazy<T>(load: () => T): Lazy<T> {
  let value: T | undefined;
  const get = (() => (value ??= load())) as Lazy<T>;
  Object.defineProperty(get, 'loaded', { get: () => value !== undefined });
  return get;
}
const accessModule = lazy(() => require('../graph/access') as typeof import('../graph/access'));
const pathsModule = lazy(() => require('../graph/paths') as typeof import('../graph/paths'));
const trustMapModule = lazy(() => require('../graph/trust-map') as typeof import('../graph/trust-map'));
const accessReport = lazy(() => require('../report/access') as typeof import('../report/access'));
const graphHtml = lazy(() => require('../report/graph-html') as typeof import('../report/graph-html'));
const trustGraph = lazy(() => require('../report/trust-graph') as typeof import('../report/trust-graph'));
const markdownReport = lazy(() => require('../report/markdown') as typeof import('../report/markdown'));
const ruleDocs = lazy(() => require('../report/rule-docs') as typeof import('../report/rule-docs'));
const sarifReport = lazy(() => require('../report/sarif') as typeof import('../report/sarif'));
const diffRun = lazy(() => require('../diff/run') as typeof import('../diff/run'));
const diffReport = lazy(() => require('../report/diff') as typeof import('../report/diff'));
const gitObjects = lazy(() => require('../git/objects') as typeof import('../git/objects'));
const targetsModule = lazy(() => require('../graph/targets') as typeof import('../graph/targets'));
const whoCanModule = lazy(() => require('../graph/who-can') as typeof import('../graph/who-can'));
const whoCanReport = lazy(() => require('../report/who-can') as typeof import('../report/who-can'));

export const FORMATS = ['text', 'compact', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

interface OutputSpec {
  /** Unset for an -o given before any -f. */
  format?: Format;
  output?: string;
}

/**
 * The reports of a scan, paired as they are given: each -o belongs to the -f just before it.
 * Commander calls the option parsers in argv order, so the pairing is made as they are read.
 */
class OutputPairs {
  readonly specs: OutputSpec[] = [];

  format(value: string): void {
    if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${FORMATS.join(', ')}`);
    this.specs.push({ format: value as Format });
  }

  output(file: string): void {
    const last = this.specs[this.specs.length - 1];
    if (last && last.format && last.output === undefined) last.output = file;
    else this.specs.push({ output: file });
  }

  /** The reports to write, or the usage error that stops the scan. */
  resolve(): { ok: true; specs: (OutputSpec & { format: Format })[] } | { ok: false; message: string } {
    const specs = this.specs;
    if (specs.length === 0) return { ok: true, specs: [{ format: 'text' }] };
    // -o before any -f: the default text report's file, when no -f is given at all
    if (specs.length === 1 && !specs[0].format) return { ok: true, specs: [{ format: 'text', output: specs[0].output }] };
    const out: (OutputSpec & { format: Format })[] = [];
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i];
      if (!s.format) {
        const before = specs[i - 1];
        return {
          ok: false,
          message: before
            ? `-o ${s.output}: -f ${before.format} already writes to ${before.output}; give each -o after the -f it belongs to (e.g. -f sarif -o out.sarif)`
            : `-o ${s.output} comes before any -f: give it after the -f it belongs to (e.g. -f ${specs[i + 1]?.format ?? 'sarif'} -o ${s.output})`,
        };
      }
      out.push({ format: s.format, ...(s.output !== undefined ? { output: s.output } : {}) });
    }
    const onStdout = out.filter((s) => s.output === undefined);
    if (onStdout.length > 1) return { ok: false, message: `${onStdout.map((s) => s.format).join(' and ')} would both be written to stdout: give all but one an -o FILE after its -f` };
    const seen = new Map<string, Format>();
    for (const s of out) {
      if (s.output === undefined) continue;
      const other = seen.get(s.output);
      if (other) return { ok: false, message: `-f ${other} and -f ${s.format} both write to ${s.output}` };
      seen.set(s.output, s.format);
    }
    return { ok: true, specs: out };
  }
}

/** An option that may be given several times. */
function repeatable(value: string, prev: string[]): string[] {
  return [...prev, value];
}

function collect(value: string, prev: string[]): string[] {
  return [...prev, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function collectVar(value: string, prev: [string, string][]): [string, string][] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected NAME=VALUE');
  return [...prev, [value.slice(0, eq), value.slice(eq + 1)]];
}

interface RenderOptions {
  color: boolean;
  category?: string;
}

function render(result: ScanResult, format: Format, opts: RenderOptions): string | Iterable<string> {
  switch (format) {
    case 'json':
      return toJson(result);
    case 'sarif':
      // in chunks: a large scan's log is never held whole
      return sarifReport().sarifChunks(result, opts.category ? { category: opts.category } : {});
    case 'markdown':
      return markdownReport().toMarkdown(result);
    case 'compact':
      return toCompact(result);
    case 'text':
      return toText(result, { color: opts.color });
  }
}

/** Writes an output file; false (after one clear line) when it cannot be written. */
function writeOutput(file: string, text: string | Iterable<string>, io: Io): boolean {
  try {
    writeOutputFile(path.resolve(io.cwd, file), text);
    return true;
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    io.stderr.write(`tfxacct: ${e.message}\n`);
    return false;
  }
}

interface Writable {
  write(s: string): unknown;
  isTTY?: boolean;
  on(event: 'error', listener: (e: NodeJS.ErrnoException) => void): unknown;
}

/**
 * A stream the CLI writes to that ends quietly when its reader goes away (`tfxacct scan | head`):
 * past a broken pipe, what is written is dropped and the run ends with its own exit code.
 */
export function pipeSafe(stream: Writable): Io['stdout'] {
  let closed = false;
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  return {
    write: (s: string) => (closed ? true : stream.write(s)),
    get isTTY() {
      return stream.isTTY;
    },
  };
}

/** The process's own streams, directory and environment. */
export function processIo(): Io {
  return { stdout: pipeSafe(process.stdout), stderr: pipeSafe(process.stderr), cwd: process.cwd(), env: process.env };
}

/** Runs the CLI; resolves to the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    return await runCommand(argv, io);
  } finally {
    endQuickStart();
  }
}

async function runCommand(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const outputs = new OutputPairs();
  const program = new Command();
  program
    .name(TOOL_NAME)
    .description('Find AWS cross-account access mistakes in Terraform: trust policies, resource and key policies, read across resources and accounts.')
    .version(TOOL_VERSION, '-V, --version')
    .exitOverride()
    // a usage error is one line, with where to read more
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`tfxacct: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (see "tfxacct --help")\n`),
    });

  const inputs = (cmd: Command) =>
    cmd
      .argument('[paths...]', 'directories or .tf files to scan', [])
      .option('--plan <file>', 'terraform show -json output of a plan or state (repeatable); combined with PATH for source lines', repeatable, [] as string[])
      .option('--var-file <file>', 'variable file, like terraform (repeatable); terraform.tfvars and *.auto.tfvars are read by default', repeatable, [] as string[])
      .option('--var <name=value>', 'set a root module variable (repeatable)', collectVar, [] as [string, string][])
      .option('--config <file>', 'configuration file (default: .tfxacct.yml found upward from the first path)')
      .option('--root <dir>', 'repository root for relative paths and the read boundary (default: git top-level, else the current directory)')
      .option('--exclude <glob>', 'paths (relative to the root) not to scan, e.g. "examples/**" (repeatable)', repeatable, [] as string[])
      .option('--jobs <n>', `threads that read and parse files (default: TFXACCT_JOBS, else the machine's cores, at most 8; 1 to ${MAX_JOBS})`, (v: string) => jobsValue(v, (m) => new InvalidArgumentError(m)))
      .option('-q, --quiet', 'no progress line and no notes on stderr (warnings and errors still print)', false);

  const reportOptions = (cmd: Command) =>
    cmd
      .option('-f, --format <format>', `output format: ${FORMATS.join('|')} (repeatable, each optionally followed by -o)`, (v: string) => outputs.format(v))
      .option('-o, --output <file>', 'write the report of the -f just before to a file (default stdout)', (v: string) => outputs.output(v))
      .addOption(new Option('--fail-on <threshold>', 'exit 1 when a finding is at or above this level or severity').choices([...FAIL_ON]).default('error'))
      .option('--rule <ids>', 'run only these rules (repeatable or comma-separated)', collect, [] as string[])
      .option('--skip-rule <ids>', 'do not run these rules (repeatable or comma-separated)', collect, [] as string[])
      .option('--baseline <file>', 'an earlier JSON or SARIF output: only findings not in it count toward --fail-on')
      .option('--report-unknown', 'also list what could not be decided statically (notes; no effect on the exit code)', false)
      .option('--category <name>', 'SARIF runAutomationDetails.id category, so several scans of one repository keep their own results (default: tfxacct/<scanned paths>)')
      .option('--no-color', 'no colours in text output');
  /** The reports asked for, or false after printing the usage error. */
  const reports = () => {
    const specs = outputs.resolve();
    if (specs.ok) return specs.specs;
    io.stderr.write(`tfxacct: ${specs.message}\n`);
    exitCode = 2;
    return false;
  };

  reportOptions(inputs(program.command('scan').description('scan Terraform directories or files')))
    .option('--base <ref-or-dir>', 'compare with a base (a git revision of the repository, or a directory standing for its root): report new access and new findings; only new findings count toward --fail-on')
    .addOption(trustOption())
    .action(async (paths: string[], opts) => {
      const specs = reports();
      if (!specs) return;
      if (opts.trust && !opts.base) {
        io.stderr.write('tfxacct: --trust needs --base (it says whose configuration sets the gate when comparing with a base)\n');
        exitCode = 2;
        return;
      }
      exitCode = opts.base ? await runDiffCommand(String(opts.base), undefined, paths, opts, io, specs) : await runScan(paths, opts, io, specs);
    });

  reportOptions(
    inputs(
      program
        .command('diff')
        .description('the access diff of two trees (directories or git revisions): new and removed access, findings new, unchanged and fixed')
        .argument('<base>', 'the base: a git revision of the repository (read without running git) or a directory')
        .argument('<head>', 'the head: a git revision or a directory'),
    ),
  )
    .addOption(trustOption())
    .action(async (base: string, head: string, paths: string[], opts) => {
      const specs = reports();
      if (!specs) return;
      exitCode = await runDiffCommand(base, head, paths, opts, io, specs);
    });

  inputs(program.command('graph').description('draw the trust graph: accounts, roles, resources and keys, with who can assume and reach what'))
    .addOption(new Option('-f, --format <format>', 'output format (text and json also list --paths-from)').choices([...GRAPH_FORMATS]).default('json'))
    .option('-o, --output <file>', 'write to a file (default stdout)')
    .option('--focus <address>', 'only this resource (address or ARN) and its neighbours (repeatable)', repeatable, [] as string[])
    .option('--account <id>', 'only this account and what connects to it (repeatable)', repeatable, [] as string[])
    .option('--paths-from <account-or-arn>', 'what can be reached from this account or principal through chains of role assumption')
    .action(async (paths: string[], opts) => {
      exitCode = await runGraph(paths, opts, io);
    });

  inputs(program.command('check-access').description('would this principal be allowed this action on this resource? (offline policy simulator)'))
    .requiredOption('--principal <arn>', 'the caller: ARN of a role, user, assumed-role session or account root, a service principal (sns.amazonaws.com) or an identity provider ARN')
    .requiredOption('--action <action>', 'the action, e.g. s3:GetObject')
    .requiredOption('--resource <arn-or-address>', 'the resource ARN, or its address in the configuration (ROOT:ADDRESS when several root modules define it)')
    .option('--context <key=value>', 'a request context value, e.g. aws:SecureTransport=true (repeatable; a repeated key has several values; KEY= with no value: the key is absent)', repeatable, [] as string[])
    .option('--absent-context', 'treat context keys not given as absent (as the IAM policy simulator does) instead of unknown', false)
    .option('--outside-allows', 'a principal or resource not defined in the scanned configuration has the policies its owner gives it, taken to allow (how witnesses are checked)', false)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write to a file (default stdout)')
    .option('--no-color', 'no colours in text output')
    .action(async (paths: string[], opts) => {
      exitCode = await runCheckAccess(paths, opts, io);
    });

  inputs(program.command('who-can').description('every principal that can reach a resource, and how: grouped, each with its binding conditions and chain of statements'))
    .requiredOption('--resource <arn-or-address>', 'the resource: its ARN, or its address in the configuration (ROOT:ADDRESS when several root modules define it)')
    .option('--action <action>', 'only principals that can take this action, e.g. s3:GetObject')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write to a file (default stdout)')
    .action(async (paths: string[], opts) => {
      exitCode = await runWhoCan(paths, opts, io);
    });

  program
    .command('rules')
    .description('list the rule catalog')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action((opts: { format: string }) => {
      io.stdout.write(rulesListing(opts.format));
    });

  program
    .command('explain')
    .description("show a rule's documentation, with bad and good examples")
    .argument('<id>', 'rule id, e.g. TFXA001, or its slug')
    .action((id: string) => {
      const rule = ruleById(id) ?? RULES.find((r) => r.slug === id);
      if (!rule) {
        io.stderr.write(`tfxacct: unknown rule "${id}" (see "tfxacct rules")\n`);
        exitCode = 2;
        return;
      }
      io.stdout.write(ruleDocs().ruleDoc(rule));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    throw e;
  }
  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return 2;
  }
  return exitCode;
}

async function runScan(paths: string[], opts: Record<string, unknown>, io: Io, outputs: (OutputSpec & { format: Format })[]): Promise<number> {
  const color = opts.color !== false && !!io.stdout.isTTY && !io.env.NO_COLOR;
  let progressShown = false;
  const started = Date.now();
  let result: ScanResult;
  try {
    result = await scan({
      ...inputOptions(paths, opts, io),
      ...COLLECT_AFTER_LOADING,
      ...(opts.baseline ? { baseline: String(opts.baseline) } : {}),
      only: opts.rule as string[],
      skip: opts.skipRule as string[],
      reportUnknown: opts.reportUnknown === true,
      // GitHub's line hashes go only into SARIF
      lineHashes: outputs.some((o) => o.format === 'sarif'),
      onProgress: (done, total) => {
        if (opts.quiet || !io.stderr.isTTY || Date.now() - started < 1000) return;
        progressShown = true;
        io.stderr.write(`\r\u001b[Ktfxacct: scanning… ${done}/${total} root modules`);
      },
    });
  } catch (e) {
    if (progressShown) io.stderr.write('\r\u001b[K');
    if (reportStartError(e, io)) return 2;
    throw e;
  }
  if (progressShown) io.stderr.write('\r\u001b[K');
  // notifications are part of the json, sarif and markdown reports; on stderr beside the others
  const plainToStdout = outputs.some((o) => (o.format === 'text' || o.format === 'compact') && !o.output);
  if (plainToStdout || outputs.every((o) => o.output)) printNotifications(result, opts, io, color && !!io.stderr.isTTY);
  for (const o of outputs) {
    const text = render(result, o.format, { color: o.output ? false : color, ...(opts.category ? { category: String(opts.category) } : {}) });
    if (o.output) {
      if (!writeOutput(o.output, text, io)) return 2;
    } else if (typeof text === 'string') io.stdout.write(text);
    else for (const chunk of text) io.stdout.write(chunk);
  }
  if (nothingScanned(result, opts, io)) return 2;
  const threshold = opts.failOn as FailOn;
  return countingFindings(result.findings).some((f) => failsOn(f, threshold)) ? 1 : 0;
}

/** The scan's notifications on stderr; with --quiet, only warnings and errors. */
function printNotifications(result: ScanResult, opts: Record<string, unknown>, io: Io, color: boolean): void {
  const shown = opts.quiet ? result.notifications.filter((n) => n.level !== 'note') : result.notifications;
  io.stderr.write(notificationsText(shown, { color }));
}

function trustOption(): Option {
  return new Option('--trust <side>', "with a base: whose configuration sets the gate; base (the default) uses the base's for both trees and counts findings hidden by suppressions the head adds").choices(['base', 'head']);
}

/** `diff BASE HEAD` and `scan --base`: both trees scanned with the same inputs, then compared. */
async function runDiffCommand(base: string, head: string | undefined, paths: string[], opts: Record<string, unknown>, io: Io, outputs: (OutputSpec & { format: Format })[]): Promise<number> {
  const command = head === undefined ? 'scan' : 'diff';
  const color = opts.color !== false && !!io.stdout.isTTY && !io.env.NO_COLOR;
  if (outputs.some((o) => o.format === 'compact')) {
    io.stderr.write(`tfxacct: -f compact lists findings one per line; ${command === 'diff' ? 'diff' : 'scan --base'} reports access changes too: use text, json, sarif or markdown\n`);
    return 2;
  }
  if ((opts.plan as string[]).length > 0) {
    io.stderr.write(`tfxacct: --plan cannot be combined with ${head === undefined ? '--base' : 'diff'}: a plan describes one tree, not both\n`);
    return 2;
  }
  if (opts.baseline) {
    io.stderr.write(`tfxacct: --baseline cannot be combined with ${head === undefined ? '--base' : 'diff'}: the base tree is the baseline\n`);
    return 2;
  }
  let d: DiffResult;
  try {
    d = await diffRun().runDiff({ ...inputOptions(paths, opts, io), ...COLLECT_AFTER_LOADING, base, ...(head !== undefined ? { head } : {}), only: opts.rule as string[], skip: opts.skipRule as string[], reportUnknown: opts.reportUnknown === true, trust: opts.trust === 'head' ? 'head' : 'base' });
  } catch (e) {
    if (reportStartError(e, io)) return 2;
    throw e;
  }
  const textToStdout = outputs.some((o) => o.format === 'text' && !o.output);
  if (textToStdout || outputs.every((o) => o.output)) io.stderr.write(diffReport().diffNotificationsText(d, { color: color && !!io.stderr.isTTY, quiet: opts.quiet === true }));
  for (const o of outputs) {
    const text = diffReport().renderDiff(d, o.format as DiffFormat, { color: o.output ? false : color, absent: command === 'diff', ...(opts.category ? { category: String(opts.category) } : {}) });
    if (o.output) {
      if (!writeOutput(o.output, text, io)) return 2;
    } else io.stdout.write(text);
  }
  if (nothingScanned(d.head.result, opts, io)) return 2;
  return diffRun().diffCountingFindings(d).some((f) => failsOn(f, opts.failOn as FailOn)) ? 1 : 0;
}

export const GRAPH_FORMATS = ['json', 'mermaid', 'dot', 'html', 'text'] as const;

/** Scan options from the input flags that scan, graph and check-access share. */
/** A thread count: a whole number from 1 to MAX_JOBS. */
function jobsValue(v: string, error: (message: string) => Error): number {
  const n = /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) throw error(`must be a whole number from 1 to ${MAX_JOBS}`);
  return n;
}

function inputOptions(paths: string[], opts: Record<string, unknown>, io: Io): ScanOptions {
  quickStartFor((paths.length > 0 ? paths : ['.']).map((p) => path.resolve(io.cwd, p)));
  const fromEnv = io.env.TFXACCT_JOBS;
  const jobs = opts.jobs !== undefined ? Number(opts.jobs) : fromEnv !== undefined && fromEnv !== '' ? jobsValue(fromEnv, (m) => new UsageError(`TFXACCT_JOBS ${m}`)) : undefined;
  return {
    paths,
    ...(jobs !== undefined ? { jobs } : {}),
    ...(opts.root ? { root: String(opts.root) } : {}),
    ...(opts.config ? { configFile: String(opts.config) } : {}),
    varFiles: opts.varFile as string[],
    plans: opts.plan as string[],
    vars: opts.var as [string, string][],
    exclude: opts.exclude as string[],
    cwd: io.cwd,
    collectGarbage: () => void collectIfLarge(0),
  };
}

/**
 * For scans that run the rules: the garbage of loading is collected before them, which keeps the
 * peak memory down (who-can, which allocates little after loading, would only pay for it).
 */
const COLLECT_AFTER_LOADING: Pick<ScanOptions, 'afterLoading'> = { afterLoading: () => void collectIfLarge() };

/** Writes why a scan could not start (usage or configuration); false for any other error. */
function reportStartError(e: unknown, io: Io): boolean {
  if (e instanceof ConfigError) {
    for (const p of e.problems) io.stderr.write(`tfxacct: config error: ${p}\n`);
    return true;
  }
  if (e instanceof UsageError || (diffRun.loaded && e instanceof diffRun().TreeSpecError)) {
    io.stderr.write(`tfxacct: ${e.message}\n`);
    return true;
  }
  // git revisions are read only by the diff commands
  if (diffRun.loaded && e instanceof gitObjects().GitError) {
    io.stderr.write(`tfxacct: cannot read the git revision: ${e.message}\n`);
    return true;
  }
  return false;
}

/** Says so when no file or plan at all could be read (exit 2). */
function nothingScanned(result: ScanResult, opts: Record<string, unknown>, io: Io): boolean {
  if (result.stats.files > 0) return false;
  io.stderr.write(`tfxacct: nothing was scanned: no Terraform ${(opts.plan as string[]).length > 0 ? 'file or plan' : 'file'} could be read\n`);
  return true;
}

/** Runs the scan behind `graph` and `check-access`; undefined (after a message) when it cannot. */
async function scanInputs(paths: string[], opts: Record<string, unknown>, io: Io): Promise<ScanResult | undefined> {
  let result: ScanResult;
  try {
    result = await scan({ ...inputOptions(paths, opts, io), ...COLLECT_AFTER_LOADING });
  } catch (e) {
    if (reportStartError(e, io)) return undefined;
    throw e;
  }
  printNotifications(result, opts, io, false);
  return nothingScanned(result, opts, io) ? undefined : result;
}

/** Writes a report to -o or stdout; false when the file cannot be written. */
function emit(text: string, opts: Record<string, unknown>, io: Io): boolean {
  if (opts.output) return writeOutput(String(opts.output), text, io);
  io.stdout.write(text);
  return true;
}

async function runGraph(paths: string[], opts: Record<string, unknown>, io: Io): Promise<number> {
  const result = await scanInputs(paths, opts, io);
  if (!result) return 2;
  const { buildTrustMap, focusMap } = trustMapModule();
  const { pathsText, showGraph, toDot, toGraphJson, toMermaid } = trustGraph();
  const full = buildTrustMap(result.graph);
  const map = focusMap(full, { focus: opts.focus as string[], account: opts.account as string[] });
  for (const f of opts.focus as string[]) if (!full.nodes.some((n) => n.address === f || n.addresses.includes(f) || n.arn === f)) io.stderr.write(`tfxacct: warning: --focus ${f}: no resource with this address or ARN\n`);
  const start = opts.pathsFrom ? String(opts.pathsFrom) : undefined;
  if (start && !/^\d{12}$/.test(start) && !/^arn:[^:]+:(iam|sts)::\d{12}:/.test(start)) {
    io.stderr.write(`tfxacct: --paths-from expects a 12-digit account id or an IAM/STS ARN, got "${start}"\n`);
    return 2;
  }
  const paths_ = start ? pathsModule().pathsFrom(result.graph, full, start) : undefined;
  let shown = showGraph(map, result.findings, paths_);
  if (paths_ && (opts.format === 'html' || opts.format === 'mermaid' || opts.format === 'dot')) {
    // draw only what the paths go through
    const keep = new Set([paths_.start.node ?? '', ...paths_.reached.flatMap((r) => r.chain.flatMap((s) => [s.from, s.to]))]);
    shown = { ...shown, nodes: shown.nodes.filter((n) => keep.has(n.id)), edges: shown.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
  }
  let text: string;
  switch (opts.format as (typeof GRAPH_FORMATS)[number]) {
    case 'json':
      text = toGraphJson(shown);
      break;
    case 'mermaid':
      text = toMermaid(shown);
      break;
    case 'dot':
      text = toDot(shown);
      break;
    case 'html':
      // a click on a resource shows who can reach it
      text = graphHtml().toGraphHtml(trustGraph().withWhoCan(shown, whoCanModule().whoCanOfNodes(result.graph, shown.nodes)));
      break;
    case 'text':
      if (!paths_) {
        io.stderr.write('tfxacct: the text format lists paths: give --paths-from ACCOUNT_OR_ARN (or choose json, mermaid, dot or html)\n');
        return 2;
      }
      text = pathsText(shown, paths_);
      break;
  }
  return emit(text, opts, io) ? 0 : 2;
}

async function runCheckAccess(paths: string[], opts: Record<string, unknown>, io: Io): Promise<number> {
  const { AccessRequestError, checkAccess, parseContext } = accessModule();
  const { accessJson, accessText } = accessReport();
  let context: Record<string, string[]>;
  try {
    context = parseContext(opts.context as string[]);
  } catch (e) {
    if (!(e instanceof AccessRequestError)) throw e;
    io.stderr.write(`tfxacct: ${e.message}\n`);
    return 2;
  }
  const action = checkAction(String(opts.action));
  if (action.ok === false) io.stderr.write(`tfxacct: warning: --action ${printable(String(opts.action))}: ${printable(action.reason)}; the answer is about an action AWS does not define\n`);
  const result = await scanInputs(paths, opts, io);
  if (!result) return 2;
  try {
    const target = accessModule().resourceArgument(result.graph, String(opts.resource), targetsModule().arnOf);
    const answer = checkAccess(result.graph, { principal: String(opts.principal), action: String(opts.action), ...target, context, absentKeysMissing: opts.absentContext === true, outsideAllows: opts.outsideAllows === true });
    const color = opts.color !== false && !opts.output && !!io.stdout.isTTY && !io.env.NO_COLOR;
    if (!emit(opts.format === 'json' ? accessJson(answer) : accessText(answer, color), opts, io)) return 2;
    return answer.decision === 'allowed' ? 0 : answer.decision === 'unknown' ? 3 : 1;
  } catch (e) {
    if (!(e instanceof AccessRequestError)) throw e;
    io.stderr.write(`tfxacct: ${e.message}\n`);
    return 2;
  }
}

async function runWhoCan(paths: string[], opts: Record<string, unknown>, io: Io): Promise<number> {
  const action = opts.action === undefined ? undefined : String(opts.action);
  if (action !== undefined) {
    if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) {
      io.stderr.write(`tfxacct: --action must look like SERVICE:Action (s3:GetObject), got "${printable(action)}"\n`);
      return 2;
    }
    const known = checkAction(action);
    if (known.ok === false) io.stderr.write(`tfxacct: warning: --action ${printable(action)}: ${printable(known.reason)}; the answer is about an action AWS does not define\n`);
  }
  let result: ScanResult;
  try {
    result = await scan({ ...inputOptions(paths, opts, io), withoutRules: true });
  } catch (e) {
    if (reportStartError(e, io)) return 2;
    throw e;
  }
  printNotifications(result, opts, io, false);
  if (nothingScanned(result, opts, io)) return 2;
  const text = String(opts.resource);
  const { AccessRequestError, resourceOfArn } = accessModule();
  const { TargetError, resourceAt } = targetsModule();
  let target: ResourceInstance | undefined;
  try {
    target = text.startsWith('arn:') ? resourceOfArn(result.graph, text) : resourceAt(result.graph, text);
  } catch (e) {
    if (!(e instanceof TargetError) && !(e instanceof AccessRequestError)) throw e;
    io.stderr.write(`tfxacct: --resource ${printable(text)}: ${printable(e.message)}\n`);
    return 2;
  }
  if (!target) {
    io.stderr.write(`tfxacct: --resource ${printable(text)}: no resource with this ${text.startsWith('arn:') ? 'ARN' : 'address'} in the scanned configuration\n`);
    return 2;
  }
  const answer = whoCanModule().whoCan(result.graph, target, action);
  const { whoCanJson, whoCanText } = whoCanReport();
  return emit(opts.format === 'json' ? whoCanJson(answer) : whoCanText(answer), opts, io) ? 0 : 2;
}

export function rulesListing(format: string): string {
  const rows = RULES.map((r) => ({
    id: r.id,
    slug: r.slug,
    level: r.level,
    securitySeverity: r.securitySeverity ?? null,
    tags: [r.category, ...r.tags],
    shortDescription: r.shortDescription,
  }));
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'markdown') {
    return ['| id | slug | level | severity | description |', '| --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r.id} | ${r.slug} | ${r.level} | ${r.securitySeverity?.toFixed(1) ?? r.tags[0]} | ${r.shortDescription} |`)].join('\n') + '\n';
  }
  return rows.map((r) => `${r.id}  ${r.slug.padEnd(36)} ${r.level.padEnd(8)} ${String(r.securitySeverity ?? r.tags[0]).padEnd(12)} ${r.shortDescription}`).join('\n') + '\n';
}
