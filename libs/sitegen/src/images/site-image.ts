import { z } from 'zod';
import { assetPathSchema } from '../plan/site-plan';

/** One drawn image, ready to be written as a file of the site; the image agent's result per image. */
export const siteImageSchema = z.object({
  path: assetPathSchema,
  svg: z.string().min(1),
  alt: z.string().min(1).max(200),
  description: z.string().max(600),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type SiteImage = z.infer<typeof siteImageSchema>;
