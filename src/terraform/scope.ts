/**
 * What expressions are evaluated against: scopes that resolve names, and the host that evaluates
 * (the Evaluator). Built-in functions depend on these interfaces only, so they do not import the
 * evaluator that calls them.
 */
import type { Expr, Range, TemplateExpr } from '../hcl/ast';
import type { Val, VUnknown } from './value';

export type Step = { kind: 'attr'; name: string; range: Range } | { kind: 'index'; key: Val; range: Range };

export interface Resolved {
  value: Val;
  consumed: number;
}

/** What an expression can refer to. */
export interface Scope {
  resolve(root: string, steps: Step[], range: Range): Resolved | undefined;
  /** Directory of the module, relative to the scan root (for file() and path.module). */
  readonly moduleDir: string;
}

export interface EvalLimits {
  /** Largest collection a for-expression, splat or function may produce. */
  maxCollection: number;
  /** Evaluation steps allowed for the whole scan before values become unknown. */
  maxSteps: number;
  /** Longest string a template or function may build (doubling through locals stops here). */
  maxString?: number;
  /** Resource and module instances for the whole scan (nested counts multiply). */
  maxInstances?: number;
  /** Heap the scan's evaluation may use, in bytes (default: 60% of the process's heap limit). */
  maxHeapBytes?: number;
}

/** Why a block's instances are unknown once the scan's instance budget is spent (reported once, as a total). */
export const INSTANCE_BUDGET_SPENT = "the scan's instance budget is spent";

export const DEFAULT_LIMITS = { maxCollection: 100_000, maxSteps: 50_000_000, maxString: 16 * 1024 * 1024, maxInstances: 200_000 };

/** Instances the default budget allows per resource, data and module block read, when that is more than its base. */
export const INSTANCES_PER_BLOCK = 16;

/**
 * The default instance budget of a scan: DEFAULT_LIMITS.maxInstances, or INSTANCES_PER_BLOCK for
 * each resource, data and module block of the configuration when that is more. A large estate is
 * scanned whole, while expansion (`count`, `for_each`, nested modules) stays within a constant
 * factor of the input's size.
 */
export function defaultInstanceBudget(blocks: number): number {
  return Math.max(DEFAULT_LIMITS.maxInstances, INSTANCES_PER_BLOCK * blocks);
}

/** Limits with every default filled in (what the evaluator holds). */
export type Limits = Required<Omit<EvalLimits, 'maxHeapBytes'>> & Pick<EvalLimits, 'maxHeapBytes'>;

/** The evaluator as functions see it. */
export interface EvalHost {
  readonly files: FileAccess;
  readonly limits: Limits;
  /** Functions that were called but are not supported, for --report-unknown. */
  readonly unsupported: Set<string>;
  eval(e: Expr, scope: Scope): Val;
  /** Records that a size limit was reached at `range`; the value there is unknown. */
  limitReached(message: string, range: Range): VUnknown;
  /** Records a function call that failed on its input (reported unless inside try() or can()). */
  functionFailed(message: string, range: Range): void;
  /** Depth of try() and can() calls being evaluated: failures inside them are expected. */
  quiet: number;
}

/**
 * How evaluation reads files (file(), templatefile(), fileset() and the hashing functions): only
 * inside the scanned tree. Implemented by the loader.
 */
export interface FileAccess {
  /** Reads a file for file(); throws FileAccessError with a user-facing message when refused. */
  read(path: string, scope: Scope, at: Range): { text: string; file: string };
  /** Reads and parses a template for templatefile(). */
  template(path: string, scope: Scope, at: Range): TemplateExpr;
  exists(path: string, scope: Scope, at: Range): boolean;
  /** Bytes of a file, for the file hashing functions and filebase64(). */
  bytes(path: string, scope: Scope, at: Range, fn: string): Buffer;
  /** Files under a directory, relative to it (fileset()); throws FileAccessError when refused. */
  list(path: string, scope: Scope, at: Range): string[];
  /** Parses a template held in a string (templatestring()). */
  parseTemplate(text: string, at: Range): TemplateExpr;
}

/** A refused or failed file read; becomes an Unknown value and a notification. */
export class FileAccessError extends Error {}
