export { usageByGroup, agentPerformance, type UsageRange, type UsageTotals } from './usage-report';
export {
  learnedEstimateHistory,
  EstimateHistoryCache,
  type EstimateHistory,
  type EstimateHistoryOptions,
} from './estimate-history';
