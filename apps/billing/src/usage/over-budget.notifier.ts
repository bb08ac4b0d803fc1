import type { CancelFlag, EventPublisher } from '@autowebiq/bus';
import { formatCredits, type AgentMessages } from '@autowebiq/contracts';

import { overBudgetReason, type BuildCapture } from './usage-batch.service';

/**
 * Stops builds whose usage the wallet could not cover: raises their cancel flag
 * (workers abort the call in flight and stop) and tells the user why. The flag
 * is raised on every short capture, not only the first, so a crash between the
 * commit and this step is repaired by the build's next call.
 */
export class OverBudgetNotifier {
  constructor(
    private readonly cancelFlag: CancelFlag,
    private readonly events: EventPublisher,
    private readonly messages: AgentMessages,
  ) {}

  async handle(captures: BuildCapture[]): Promise<void> {
    const short = captures.filter((c) => c.shortfallMicro > 0n);
    await Promise.all(
      short.map(async (c) => {
        await this.cancelFlag.set(c.buildId, 'over_budget');
        if (!c.overBudgetNow) return;
        await this.events.publishBuildEvent(c.accountId, c.buildId, {
          type: 'agent_message',
          agent_type: 'system',
          status: 'warning',
          message: overBudgetReason(this.messages, c.shortfallMicro),
          // The publisher raises it to the build's high-water mark: progress never goes back.
          progress: 0,
          tokens_used: 0,
          credits_used: 0,
          details: [
            this.messages.text('system.over_budget_charged', { credits: formatCredits(c.shortfallMicro) }),
          ],
        });
      }),
    );
  }
}
