export { planSite, type PlanOptions } from './plan/plan-site';
export { rankTemplates, type TemplateMatch } from './plan/match';
export { extractFacts, type PromptFacts } from './plan/extract';
export { describePlan } from './plan/describe';
export {
  sitePlanSchema,
  siteSectionSchema,
  siteItemSchema,
  imageSpecSchema,
  paletteSchema,
  type SitePlan,
  type SiteSection,
  type SiteItem,
  type SiteCta,
  type ImageSpec,
  type ImageRole,
} from './plan/site-plan';
export { drawImages, imagePrompts, type ImagePrompt } from './images/draw-images';
export { siteImageSchema, type SiteImage } from './images/site-image';
export { MOTIF_IDS, type MotifId } from './images/motifs';
export { renderSite } from './render/render-site';
export { siteFileSchema, CONTENT_TYPES, type SiteFile } from './render/site-file';
export { checkSite, summarizeReport } from './check/check-site';
export {
  siteCheckReportSchema,
  CHECK_DEFINITIONS,
  DEFAULT_SIZE_BUDGET,
  type SiteCheck,
  type SiteCheckReport,
  type SiteCheckOptions,
  type CheckId,
} from './check/report';
export { TEMPLATE_COUNT, listTemplates, type TemplateSummary } from './templates/registry';
export { CATEGORY_IDS, type Category } from './templates/categories';
export { COMPONENT_COUNT, listComponents } from './components/registry';
export type { Palette } from './theme/palette';
export { seededRandom } from './text/text';
