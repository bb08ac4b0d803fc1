export { usageByGroup, agentPerformance, type UsageRange, type UsageTotals } from './usage-report';
export { EstimateHistoryCache, type EstimateHistory, type EstimateHistoryOptions } from './estimate-history';
