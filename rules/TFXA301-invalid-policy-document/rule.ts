import { defineRule } from '../../src/engine/rule';
import { checkAction } from '../../src/iam/catalog';
import { isUnknownString, type PatternList, type Statement } from '../../src/iam/policy';
import { classifyPrincipal } from '../../src/iam/principals';
import type { PolicyRef } from '../../src/iam/sources';
import type { Range } from '../../src/hcl/ast';

/** Problems of one statement, with the place of the first. */
function statementProblems(policy: PolicyRef, st: Statement): { problems: string[]; range: Range } {
  const problems: string[] = [];
  let range: Range | undefined;
  const add = (msg: string, at: Range) => {
    if (!problems.includes(msg)) problems.push(msg);
    range ??= at;
  };
  if (st.unknown) return { problems, range: st.range };
  if (policy.kind === 'identity' && (st.principal || st.notPrincipal)) add('an identity policy statement has a Principal', (st.principal ?? st.notPrincipal)!.range);
  if ((policy.kind === 'resource' || policy.kind === 'key' || policy.kind === 'trust') && !st.principal && !st.notPrincipal && policy.attribute !== 'principal') {
    add('a resource policy statement has no Principal', st.range);
  }
  for (const block of [st.principal, st.notPrincipal]) {
    for (const e of block?.entries ?? []) {
      if (isUnknownString(e.value)) continue;
      if (e.type === 'AWS' && classifyPrincipal(e).kind === 'invalid') {
        add(/^\d+$/.test(e.value) ? `account id ${JSON.stringify(e.value)} is not 12 digits` : `principal ${e.sensitive ? '(sensitive value)' : JSON.stringify(e.value)} is not an account id or IAM ARN`, e.range);
      }
    }
  }
  // the offending entry, not the whole list
  const entry = (list: PatternList, i: number) => list.itemRanges?.[i] ?? list.range;
  for (const list of [st.action, st.notAction]) {
    (list?.items ?? []).forEach((a, i) => {
      if (isUnknownString(a)) return;
      const c = checkAction(a);
      if (c.ok === false) add(c.reason, entry(list!, i));
    });
  }
  if (!st.action && !st.notAction && policy.attribute !== 'principal') add('the statement has no Action', st.range);
  for (const list of [st.resource, st.notResource]) {
    (list?.items ?? []).forEach((r, i) => {
      if (isUnknownString(r) || r === '*') return;
      if (!/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+/.test(r)) add(`resource ${JSON.stringify(r)} is not a valid ARN`, entry(list!, i));
    });
  }
  return { problems, range: range ?? st.range };
}

export default defineRule({
  id: 'TFXA301',
  slug: 'invalid-policy-document',
  level: 'warning',
  category: 'hygiene',
  tags: ['iam', 'validation'],
  precision: 'very-high',
  shortDescription: 'A policy document is malformed or names something AWS does not define',
  messages: {
    document: '{{resource}}: {{problem}}. AWS rejects this policy or reads it differently from what it says.',
    statement: '{{resource}}, {{where}}: {{problems}}. AWS rejects this statement or ignores these entries.',
  },
  check(ctx) {
    for (const policy of ctx.graph.policies) {
      for (const p of policy.doc.problems) {
        ctx.report({ messageId: 'document', data: { resource: `${policy.holder.address}.${policy.attribute}`, problem: p.message }, holder: policy.holder, range: p.range, path: `${policy.attribute}/document/${p.message}`, accounts: { resource: policy.holder.account } });
      }
      for (const st of policy.doc.statements) {
        const { problems, range } = statementProblems(policy, st);
        if (problems.length === 0) continue;
        ctx.report({
          messageId: 'statement',
          data: { resource: `${policy.holder.address}.${policy.attribute}`, where: st.sid ? `statement "${st.sid}"` : st.path, problems: problems.join('; ') },
          holder: policy.holder,
          range,
          path: `${policy.attribute}/${st.path}`,
          accounts: { resource: policy.holder.account },
        });
      }
    }
  },
});
