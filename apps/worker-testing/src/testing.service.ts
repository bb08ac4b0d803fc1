import {
  AgentRunner,
  BuildStore,
  frontendResultSchema,
  type AgentSession,
  type TestingResult,
} from '@autowebiq/agent-runtime';
import type { BullMqContext } from '@autowebiq/bus';
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
    await s.say('waiting', s.text('testing.starting'), { at: 0 });
    const stored = await this.store.loadFiles(s.build.id);
    const files: SiteFile[] = stored.map((f) => ({
      path: f.path,
      content: f.content.toString('utf8'),
      content_type: f.contentType,
    }));
    await s.say(
      'working',
      s.text('testing.running', { checks: CHECK_DEFINITIONS.length, files: files.length }),
      {
        at: 0.2,
        details: [
          s.text('testing.covers_html'),
          s.text('testing.covers_accessibility'),
          s.text('testing.covers_links'),
          s.text('testing.covers_alt_text'),
          s.text('testing.covers_size'),
        ],
      },
    );
    const report = checkSite(files);
    const failed = report.checks.filter((c) => !c.passed);
    for (const c of failed) {
      const [problem] = c.messages;
      const message =
        problem === undefined
          ? s.text('testing.check_failed_bare', { check: c.name })
          : s.text('testing.check_failed', { check: c.name, problem });
      await s.say('warning', message, {
        at: 0.4,
        details: c.messages.slice(0, 10),
      });
    }
    const index = files.find((f) => f.path === 'index.html');
    await s.chat(s.text('testing.reviewing'), {
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
    const stats = s.text('testing.stats', {
      files: report.stats.files,
      kb: (report.stats.bytes / 1024).toFixed(1),
      images: report.stats.images,
      links: report.stats.links,
    });
    if (failed.length === 0) {
      await s.say('completed', s.text('testing.passed', { count: total }), { at: 1, details: [stats] });
    } else {
      await s.say(
        'warning',
        s.text('testing.attention', { passed: total - failed.length, total, failed: failed.length }),
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
