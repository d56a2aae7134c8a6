import { defineRule } from '../../src/engine/rule';
import { conditionsOn, parseOperator } from '../../src/iam/conditions';
import { isUnknownString } from '../../src/iam/policy';
import { reportedAccount } from '../../src/iam/principals';
import { coversAction } from '../../src/iam/statements';
import { accountPhrase, listText, otherAccountPrincipals, resourceGrants, statementPath } from '../../src/graph/queries';

const ADMIN = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey'];

export default defineRule({
  id: 'TFXA104',
  slug: 'kms-external-admin',
  level: 'error',
  securitySeverity: 8.0,
  category: 'security',
  tags: ['kms', 'key-policy', 'cross-account'],
  precision: 'high',
  shortDescription: 'A key policy gives another account kms:* or key administration',
  messages: {
    admin:
      'Key {{key}} lets {{accounts}} {{what}}. Another account can then change the key policy, schedule the key for deletion or hand out grants; give other accounts only the cryptographic actions they use (kms:Decrypt, kms:GenerateDataKey*…).',
  },
  check(ctx) {
    for (const { holder, policy, statement } of resourceGrants(ctx.graph, ['key'])) {
      const outsiders = otherAccountPrincipals(ctx.graph, holder, statement, true);
      if (outsiders.length === 0) continue;
      const admin = ADMIN.filter((a) => coversAction(statement, a) === 'yes');
      let what: string | undefined;
      if (coversAction(statement, 'kms:*') === 'yes' || admin.length === ADMIN.length) what = 'administer it (kms:* or every administration action)';
      else if (admin.length > 0) what = `use ${listText(admin)}`;
      else if (coversAction(statement, 'kms:CreateGrant') === 'yes') {
        const forAws = conditionsOn(statement, 'kms:GrantIsForAWSResource').some(
          (c) => /^bool$/i.test(parseOperator(c.operator).base) && !parseOperator(c.operator).ifExists && c.values.some((v) => !isUnknownString(v) && v.toLowerCase() === 'true'),
        );
        if (!forAws) what = 'create grants (kms:CreateGrant without kms:GrantIsForAWSResource)';
      }
      if (!what) continue;
      ctx.report({
        messageId: 'admin',
        data: { key: holder.address, accounts: listText(outsiders.map((p) => accountPhrase(ctx.graph, p))), what },
        holder,
        range: outsiders[0].entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: holder.account, principal: reportedAccount(outsiders[0].info) },
      });
    }
  },
});
