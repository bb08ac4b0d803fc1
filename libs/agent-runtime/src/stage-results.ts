import { sitePlanSchema } from '@autowebiq/sitegen';
import { z } from 'zod';

/**
 * What each stage returns (BullMQ stores it as the job's return value and hands
 * it to the next stage). Small JSON: the plan and file listings, never file
 * contents, which live in build_files.
 */
export const plannerResultSchema = z.object({
  plan: sitePlanSchema,
  /** Whether the plan came from the model (false: the model's answer was unusable and the template planner filled in). */
  from_model: z.boolean(),
});
export type PlannerResult = z.infer<typeof plannerResultSchema>;

export const storedImageSchema = z.object({
  path: z.string(),
  alt: z.string(),
  description: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  content_type: z.string(),
});
export type StoredImage = z.infer<typeof storedImageSchema>;

export const imageResultSchema = z.object({ plan: sitePlanSchema, images: z.array(storedImageSchema) });
export type ImageStageResult = z.infer<typeof imageResultSchema>;

export const frontendResultSchema = z.object({
  files: z.array(
    z.object({ path: z.string(), content_type: z.string(), bytes: z.number().int().nonnegative() }),
  ),
});
export type FrontendResult = z.infer<typeof frontendResultSchema>;

export const testingResultSchema = z.object({
  passed: z.boolean(),
  failed_checks: z.array(
    z.object({ id: z.string(), severity: z.enum(['error', 'warning']), message: z.string() }),
  ),
  stats: z.object({ files: z.number(), bytes: z.number(), images: z.number(), links: z.number() }),
});
export type TestingResult = z.infer<typeof testingResultSchema>;

/** The previous stage's result, validated: a stage never works on a malformed handover. */
export function predecessorResult<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(`The previous stage handed over an unusable result: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
