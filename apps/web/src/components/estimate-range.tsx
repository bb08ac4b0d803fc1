import type { EstimateResponse } from '@autowebiq/sdk';
import { credits } from '../lib/format';

export function EstimateRange({
  estimate,
}: {
  estimate: Pick<EstimateResponse, 'low' | 'expected' | 'high'> & Partial<EstimateResponse>;
}) {
  return (
    <span data-testid="estimate-range">
      <strong>
        {credits(estimate.low, estimate.low_micro)}–{credits(estimate.high, estimate.high_micro)} credits
      </strong>{' '}
      (likely {credits(estimate.expected, estimate.expected_micro)})
    </span>
  );
}
