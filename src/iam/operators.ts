/**
 * Condition operators as AWS defines them: a base operator, an optional `ForAllValues:` /
 * `ForAnyValue:` set prefix and an optional `IfExists` suffix. Names are compared without regard
 * to case; a spelling AWS does not define (`StringEqual`) is reported and narrows nothing.
 */

export interface OperatorInfo {
  /** Operator without set prefix and IfExists suffix, e.g. `StringEquals`. */
  base: string;
  set: 'ForAllValues' | 'ForAnyValue' | undefined;
  ifExists: boolean;
  negated: boolean;
}

/** Base operators in AWS's spelling (IAM JSON policy elements: Condition operators). */
const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];
const CANONICAL = new Map(BASE_OPERATORS.map((o) => [o.toLowerCase(), o]));

export function parseOperator(op: string): OperatorInfo {
  let rest = op;
  let set: OperatorInfo['set'];
  const m = /^(ForAllValues|ForAnyValue):(.*)$/i.exec(rest);
  if (m) {
    set = m[1].toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue';
    rest = m[2];
  }
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const negated = /^(StringNot|ArnNot|NotIpAddress|NumericNotEquals|DateNotEquals)/i.test(rest);
  return { base: rest, set, ifExists, negated };
}

/** The operator's category: `string`, `numeric`, `date`, `bool`, `binary`, `ip`, `arn`, `null`, or undefined when AWS does not define it. */
export function operatorFamily(op: OperatorInfo): 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null' | undefined {
  const c = CANONICAL.get(op.base.toLowerCase());
  if (!c) return undefined;
  if (c === 'Null') return 'null';
  if (c.startsWith('String')) return 'string';
  if (c.startsWith('Numeric')) return 'numeric';
  if (c.startsWith('Date')) return 'date';
  if (c === 'Bool') return 'bool';
  if (c === 'BinaryEquals') return 'binary';
  if (c.startsWith('Arn')) return 'arn';
  return 'ip';
}

/** What is wrong with an operator name, or undefined when AWS defines it as written. */
export function operatorProblem(name: string): string | undefined {
  const op = parseOperator(name);
  const canonical = CANONICAL.get(op.base.toLowerCase());
  if (!canonical) return `condition operator "${name}" is not one AWS defines, so it narrows nothing`;
  if (canonical === 'Null' && (op.ifExists || op.set)) return `condition operator "${name}" is not one AWS defines (Null takes no IfExists or set prefix)`;
  const written = `${op.set ? `${op.set}:` : ''}${canonical}${op.ifExists ? 'IfExists' : ''}`;
  if (written !== name) return `condition operator "${name}" is written "${written}" in AWS's documentation`;
  return undefined;
}
