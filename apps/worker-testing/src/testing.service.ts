import {
  AgentRunner,
  BuildStore,
  frontendResultSchema,
  type AgentSession,
  type TestingResult,
} from '@autowebiq/agent-runtime';
import type { BullMqContext } from '@autowebiq/bus';
import { AGENT_PHASES } from '@autowebiq/contracts';
import {
  CHECK_DEFINITIONS,
  checkSite,
  summarizeReport,
  type SiteCheckReport,
  type SiteFile,
} from '@autowebiq/sitegen';
import { Injectable } from '@nestjs/common';

const SYSTEM_PROMPT = [
  'You are the testing agent of AutoWebIQ, an AI website builder.',
  'Review the generated page and the automated check results.',
  'Answer in at most five short lines: what works, and anything a person should fix.',
].join(' ');

/** The page a review model reads; longer pages are cut, the checks already covered every byte. */
const REVIEW_HTML_CHARS = 12_000;

@Injectable()
export class TestingService {
  constructor(
    private readonly runner: AgentRunner,
    private readonly store: BuildStore,
  ) {}

  run(payload: unknown, ctx: BullMqContext): Promise<TestingResult> {
    return this.runner.run('testing', payload, ctx, (s) => this.check(s), frontendResultSchema);
  }

  private async check(s: AgentSession): Promise<TestingResult> {
    await s.say('waiting', AGENT_PHASES.testing.firstMessage, { at: 0 });
    const stored = await this.store.loadFiles(s.build.id);
    const files: SiteFile[] = stored.map((f) => ({
      path: f.path,
      content: f.content.toString('utf8'),
      content_type: f.contentType,
    }));
    await s.say('working', `Running ${CHECK_DEFINITIONS.length} quality checks on ${files.length} files...`, {
      at: 0.2,
      details: ['HTML validity', 'Accessibility', 'Internal links', 'Image alt text', 'Size budget'],
    });
    const report = checkSite(files);
    const failed = report.checks.filter((c) => !c.passed);
    for (const c of failed) {
      await s.say('warning', `${c.name}: ${c.messages[0] ?? 'failed'}`, {
        at: 0.4,
        details: c.messages.slice(0, 10),
      });
    }
    const index = files.find((f) => f.path === 'index.html');
    await s.chat('Reviewing the site...', {
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        {
          role: 'user',
          content: `Check results:\n${summarizeReport(report).join('\n')}\n\nindex.html:\n${(index?.content ?? '(missing)').slice(0, REVIEW_HTML_CHARS)}`,
        },
      ],
      offlineResponse: () => offlineReview(report),
    });
    const total = report.checks.length;
    const stats = `${report.stats.files} files • ${(report.stats.bytes / 1024).toFixed(1)} KB • ${report.stats.images} images • ${report.stats.links} links`;
    if (failed.length === 0) {
      await s.say('completed', `All ${total} quality checks passed`, { at: 1, details: [stats] });
    } else {
      await s.say(
        'warning',
        `${total - failed.length} of ${total} quality checks passed; ${failed.length} need attention`,
        {
          at: 1,
          details: [stats, ...summarizeReport(report).filter((line) => !line.startsWith('✓'))],
        },
      );
    }
    return {
      passed: report.passed,
      failed_checks: failed.map((c) => ({ id: c.id, severity: c.severity, message: c.messages[0] ?? '' })),
      stats: report.stats,
    };
  }
}

/** What a reviewing model would answer, from the checks' own findings. */
function offlineReview(report: SiteCheckReport): string {
  const failed = report.checks.filter((c) => !c.passed);
  const lines = [
    `The page passed ${report.checks.length - failed.length} of ${report.checks.length} automated checks.`,
    failed.length === 0
      ? 'Structure, accessibility, links and size all look right; it is ready to publish.'
      : `Fix first: ${failed.map((c) => c.name.toLowerCase()).join('; ')}.`,
  ];
  return lines.join('\n');
}
