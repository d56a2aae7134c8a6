/** The rule catalog. Ids are stable forever: never renumber, never reuse. */
import type { Rule } from '../src/engine/rule';
import TFXA001 from './TFXA001-root-trust-without-conditions/rule';
import TFXA002 from './TFXA002-missing-external-id/rule';
import TFXA003 from './TFXA003-wildcard-trust-principal/rule';
import TFXA004 from './TFXA004-weak-external-id/rule';
import TFXA005 from './TFXA005-service-principal-confused-deputy/rule';
import TFXA006 from './TFXA006-human-trust-without-mfa/rule';
import TFXA007 from './TFXA007-missing-org-boundary/rule';
import TFXA008 from './TFXA008-allow-with-not-principal/rule';
import TFXA009 from './TFXA009-vacuous-forallvalues/rule';
import TFXA010 from './TFXA010-long-cross-account-session/rule';
import TFXA011 from './TFXA011-assume-any-role/rule';
import TFXA012 from './TFXA012-oidc-trust-without-subject/rule';
import TFXA013 from './TFXA013-wildcard-in-sensitive-key/rule';
import TFXA101 from './TFXA101-bucket-without-kms-grant/rule';
import TFXA102 from './TFXA102-public-resource-policy/rule';
import TFXA103 from './TFXA103-external-root-grant-without-conditions/rule';
import TFXA104 from './TFXA104-kms-external-admin/rule';
import TFXA105 from './TFXA105-aws-managed-key-cross-account/rule';
import TFXA106 from './TFXA106-cross-account-write-without-ownership/rule';
import TFXA107 from './TFXA107-shared-bucket-without-tls-deny/rule';
import TFXA108 from './TFXA108-ram-share-outside-org/rule';
import TFXA109 from './TFXA109-kms-grant-to-external/rule';
import TFXA110 from './TFXA110-public-snapshot-or-image/rule';
import TFXA111 from './TFXA111-snapshot-or-image-shared-outside-org/rule';
import TFXA201 from './TFXA201-one-sided-trust/rule';
import TFXA202 from './TFXA202-grant-without-trust/rule';
import TFXA203 from './TFXA203-guardrail-blocks-grant/rule';
import TFXA204 from './TFXA204-guardrail-gap/rule';
import TFXA301 from './TFXA301-invalid-policy-document/rule';
import TFXA302 from './TFXA302-unsatisfiable-condition/rule';

export const RULES: Rule[] = [
  TFXA001, TFXA002, TFXA003, TFXA004, TFXA005, TFXA006, TFXA007, TFXA008, TFXA009, TFXA010, TFXA011, TFXA012, TFXA013, TFXA101, TFXA102, TFXA103, TFXA104, TFXA105, TFXA106, TFXA107, TFXA108, TFXA109, TFXA110, TFXA111, TFXA201, TFXA202, TFXA203, TFXA204, TFXA301, TFXA302,
] as unknown as Rule[];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id.toUpperCase());
}

/** Every rule id and slug -> the rule's id (suppressions and the configuration accept either). */
export const RULE_IDS: ReadonlyMap<string, string> = new Map(RULES.flatMap((r) => [[r.id, r.id], [r.slug, r.id]]));
