// The built bundle as a portal uses it: dist/components.js served by the real server at
// /components.js, loaded twice (two widgets on one page) into a page with a strict CSP (no
// inline script or style, no eval), signed in with a widget token bound to the page's origin.
// `npm run test:browser` builds the bundle first.
import { assert } from '@open-wc/testing';
import { clientAs, serverFixture } from '../test-support/fixture.ts';

interface EmbedReport {
  type: 'lode-embed';
  cards: number;
  warnings: string[];
  errors: string[];
  violations: string[];
  evalBlocked: boolean;
}

function embed(query: string): Promise<EmbedReport> {
  const frame = document.createElement('iframe');
  frame.title = 'embedded board';
  frame.style.width = '1200px';
  frame.style.height = '800px';
  const report = new Promise<EmbedReport>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the embedded page never reported')), 15000);
    window.addEventListener('message', function onMessage(e: MessageEvent<EmbedReport>) {
      if (e.source !== frame.contentWindow || e.data?.type !== 'lode-embed') return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(e.data);
    });
  });
  frame.src = `/__lodestone/embed.html?${query}`;
  document.body.append(frame);
  return report.finally(() => frame.remove());
}

describe('dist/components.js under a strict CSP', () => {
  it('renders the board with a widget token, twice-loaded scripts warn and do not throw', async () => {
    const f = await serverFixture();
    const manager = await clientAs('manager');
    const widget = await manager.auth.tokens.create.mutate({
      kind: 'widget',
      name: 'browser test portal',
      allowedOrigins: [location.origin],
    });
    const report = await embed(`token=${encodeURIComponent(widget.token)}&copies=2`);
    assert.isTrue(report.evalBlocked, 'the page runs under the strict policy');
    assert.deepEqual(report.violations, [], 'no CSP violations');
    // The virtualized columns may make Chromium report that ResizeObserver delivery moved to the
    // next frame; that notice is not a failure (see web-test-runner.config.mjs). Nothing else is.
    const errors = report.errors.filter((e) => !/^ResizeObserver loop completed/.test(e));
    assert.deepEqual(errors, [], 'no errors');
    assert.isAbove(report.cards, 0, 'the board shows cards');
    for (const tag of ['lode-provider', 'lode-funnel-board', 'lode-opportunity-card'])
      assert.isTrue(
        report.warnings.some((w) => w.includes(`<${tag}> is already defined`)),
        `second definition of ${tag} warned`,
      );
    assert.isFalse(
      report.warnings.some((w) => /Lit is in dev mode/.test(w)),
      'the bundle is the production build',
    );
    assert.ok(f.url);
  });
});
