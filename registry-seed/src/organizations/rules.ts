/**
 * rules.yaml: how an AWS organization's accounts become registry accounts. Which role reads the
 * organization; the environment from an account tag, else from the first OU-path rule that
 * matches, else a default; regions from that rule, else the defaults. Validated like the other
 * registry files, every problem as `rules.yaml:line field: message`.
 */
import { z } from 'zod';
import { REGISTRY_FILES } from '#contracts/registry.ts';
import { organizationAccessSchema } from '#contracts/registry-sync.ts';
import { type RegistryProblem, RegistryValidationError } from '../errors.ts';
import { validateSource } from '../parse/parse-registry.ts';
import { environment, regions } from '../parse/schemas.ts';
import { YamlSource } from '../parse/yaml-source.ts';
import { isOuPattern } from './ou-path.ts';

const ouRule = z
  .strictObject({
    path: z.string().trim().refine(isOuPattern, {
      message: 'must be an OU path such as /Workloads/Prod, with * for one OU and ** for any depth',
    }),
    environment: environment.optional(),
    regions: regions.optional(),
    ignore: z.boolean().optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.ignore === true && (rule.environment !== undefined || rule.regions !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ignore'],
        message: 'an ignore rule gives no environment or regions',
      });
    } else if (rule.ignore !== true && rule.environment === undefined) {
      ctx.addIssue({ code: 'custom', path: ['environment'], message: 'is required (or ignore: true)' });
    }
  });

const rulesFile = z.strictObject({
  organization: organizationAccessSchema,
  environment: z
    .strictObject({
      tag: z.string().trim().min(1, 'must not be empty'),
      values: z.record(z.string(), environment).default({}),
    })
    .optional(),
  ouRules: z.array(ouRule).default([]),
  defaults: z.strictObject({
    environment: environment.optional(),
    regions,
  }),
});

export type OrganizationRules = z.output<typeof rulesFile>;
export type OuRule = OrganizationRules['ouRules'][number];

/** Pure parse-and-validate of rules.yaml; throws RegistryValidationError naming every problem. */
export function parseRules(text: string): OrganizationRules {
  const problems: RegistryProblem[] = [];
  const rules = validateSource(rulesFile, new YamlSource(REGISTRY_FILES.rules, text), problems);
  if (!rules || problems.length) throw new RegistryValidationError(problems);
  // Tag values are matched lower-cased, as the tag's own value is.
  const values = rules.environment?.values ?? {};
  return {
    ...rules,
    ...(rules.environment
      ? {
          environment: {
            ...rules.environment,
            values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k.trim().toLowerCase(), v])),
          },
        }
      : {}),
  };
}
