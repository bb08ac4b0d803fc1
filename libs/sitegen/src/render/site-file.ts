import { z } from 'zod';

export const siteFileSchema = z.object({
  path: z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,120}$/),
  content: z.string(),
  content_type: z.string().min(1),
});
export type SiteFile = z.infer<typeof siteFileSchema>;

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
} as const;
