import { defineRule } from '../../src/engine/rule';
import { conditionsOn, keyIn, statementBinding } from '../../src/iam/conditions';
import { parseOperator } from '../../src/iam/operators';
import { isUnknownString } from '../../src/iam/policy';
import { reportedAccount } from '../../src/iam/principals';
import { coversAction } from '../../src/iam/statements';
import { accountPhrase, listText, otherAccountPrincipals, pinnedAccountsOf, principalsOf, resourceGrants, statementPath } from '../../src/graph/queries';

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
      // only administration and grants matter here
      if ([...ADMIN, 'kms:CreateGrant'].every((a) => coversAction(statement, a) === 'no')) continue;
      const outsiders = otherAccountPrincipals(ctx.graph, holder, statement, true);
      // "*" reaches outside the key's account unless a condition pins the caller's account or ARN
      const anyone = principalsOf(ctx.graph, holder, statement).find((p) => p.info.kind === 'anyone');
      const pinnedTo = anyone ? pinnedAccountsOf(ctx.graph, holder, statement) : [];
      if (pinnedTo.length > 0) {
        // pinned to accounts: those that are not the key's own reach it from outside
        outsiders.push(...pinnedTo.filter((p) => p.relation === 'other'));
        const undecided = pinnedTo.find((p) => p.relation === 'unknown');
        if (undecided) ctx.unknown({ holder, range: undecided.entry.range, message: `${holder.address}: whether "*" is limited to the key's account cannot be decided (${undecided.info.why ?? `${undecided.info.text} may be another account`})` });
      } else if (anyone) {
        const pinned = statementBinding(statement, keyIn('aws:principalaccount', 'kms:calleraccount', 'aws:principalarn'));
        if (pinned === 'no') outsiders.push(anyone);
        else if (pinned === 'unknown') ctx.unknown({ holder, range: anyone.entry.range, message: `${holder.address}: whether "*" is limited to the key's account cannot be decided` });
      }
      if (outsiders.length === 0) continue;
      const admin = ADMIN.filter((a) => coversAction(statement, a) === 'yes');
      let what: string | undefined;
      let action = admin[0];
      if (coversAction(statement, 'kms:*') === 'yes' || admin.length === ADMIN.length) what = 'administer it (kms:* or every administration action)';
      else if (admin.length > 0) what = `use ${listText(admin)}`;
      else if (coversAction(statement, 'kms:CreateGrant') === 'yes') {
        action = 'kms:CreateGrant';
        const conds = conditionsOn(statement, 'kms:GrantIsForAWSResource').filter((c) => /^bool$/i.test(parseOperator(c.operator).base) && !parseOperator(c.operator).ifExists);
        const forAws = conds.some((c) => c.values.some((v) => !isUnknownString(v) && v.toLowerCase() === 'true'));
        if (!forAws && conds.some((c) => c.values.some(isUnknownString))) {
          ctx.unknown({ holder, range: outsiders[0].entry.range, message: `${holder.address}: whether grants are limited to AWS services is not known statically` });
          continue;
        }
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
        witness: { kind: 'statement', policy, statement, entry: outsiders[0].entry, action },
      });
    }
  },
});
