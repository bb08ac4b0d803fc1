export { MICRO_PER_CREDIT, creditsToMicro, microToCredits, divRoundHalfUp } from './money';
export {
  DEFAULT_PRICE_TABLE,
  loadPriceTable,
  PriceTableError,
  pricedModels,
  isPriced,
  type PriceTableSource,
} from './price-table';
export {
  priceUsage,
  billableTokens,
  multiplierMicro,
  UnpricedModelError,
  type MeteredUsage,
} from './price-usage';
export {
  estimateBuild,
  MIN_HISTORY_SAMPLES,
  type AgentTokenStats,
  type AgentEstimateMicro,
  type BuildEstimateMicro,
} from './estimate';
