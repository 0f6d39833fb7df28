// The widget's cost to a host page, measured in headless Chromium (part of `make bench`):
// long tasks and layout shifts before any interaction, time from a click on the launcher to a
// focused form, over cold loads (a new browser context each: nothing cached), without and with
// 4× CPU throttling and with a phone's round trip on every request, and the memory the open
// widget holds. Prints one JSON object.
//
// The click comes right after the pointer reached the launcher, as Playwright clicks (and as
// a tap does): the check of the embed starts when the visitor comes near (hover), so this is
// the worst case.
// A person's pointer rests on a button a few hundred milliseconds before the click: the same
// loads are timed once more with the pointer resting REST_MS on the launcher first.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const REST_MS = 300;
// A phone's round trip (DevTools' 4G preset, about): the click's own wait on the network, if
// any, shows once every request takes that long.
const PHONE_RTT_MS = 100;
// The end-to-end suite's servers: the collector serving the widget (and the demo page), and a
// brand's own site on another origin.
const COLLECTOR = 'http://127.0.0.1:18080';
const HOST = 'http://localhost:18081';
const dir = 'target/bench/widget';

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const servers = [
  spawn('target/server/chapeau-collector', ['--listen', '127.0.0.1:18080', '--database', `sqlite://${dir}/bench.db`,
    '--sites', 'tests/e2e/sites.toml', '--static-dir', 'dist', '--admin-password', 'bench-password-0001'],
  { env: { ...process.env, RUST_LOG: 'warn' }, stdio: 'ignore' }),
  spawn('node', ['tests/e2e/host-server.mjs'], { stdio: 'ignore' }),
];
// An interrupted bench must not leave its servers holding the end-to-end suite's ports.
process.on('exit', () => servers.forEach((server) => server.kill()));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
for (const url of [`${COLLECTOR}/readyz`, `${HOST}/brand.html`]) {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });

/** A new browser context (nothing cached) on a page that counts long tasks and layout shifts,
 *  its CPU `throttle` times slower and each request `latency` ms longer. */
async function freshPage(throttle, latency = 0) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  if (latency) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
  }
  await page.addInitScript(() => {
    window.bench = { longTasks: 0, longTaskMs: 0, cls: 0, tasks: [], scripts: [] };
    new PerformanceObserver((l) => l.getEntries().forEach((e) => {
      window.bench.longTasks++;
      window.bench.longTaskMs += e.duration;
      window.bench.tasks.push([e.startTime, e.startTime + e.duration]);
    })).observe({ type: 'longtask', buffered: true });
    // Long animation frames name the scripts that ran in them: what each long task ran.
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.bench.scripts.push(...e.scripts.map((x) => ({
      at: x.startTime, ms: x.duration, what: `${x.sourceURL.split('/').pop() || x.invoker} (${x.invokerType})`,
    }))))).observe({ type: 'long-animation-frame', buffered: true });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (!e.hadRecentInput) window.bench.cls += e.value; }))
      .observe({ type: 'layout-shift', buffered: true });
  });
  // Until the snapshot, the page is watched through the bare DevTools protocol: Playwright's
  // locators and waits inject their own large script into the page, whose evaluation is a
  // long task of its own under throttling, and it would be counted as the widget's.
  const watch = async (expression) =>
    (await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })).result.value;
  return { context, page, cdp, watch };
}

/** The brand page without the widget (its script tag answered with nothing): the long tasks
 *  the page has of its own, which a slow phone has whatever the widget does. */
async function pageAlone(throttle) {
  const { context, page, watch } = await freshPage(throttle);
  await page.route('**/embed.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.goto(`${HOST}/brand.html`, { waitUntil: 'load' });
  await watch('new Promise((done) => requestAnimationFrame(() => setTimeout(done, 500)))');
  const alone = await watch(`(${blame})()`);
  await context.close();
  return alone;
}

/** The page's counts so far, each long task blamed on the longest script that ran in it (or
 *  on the browser's own work, such as style, layout and paint, when no script ran). */
const blame = () => {
  const { tasks, scripts, ...counts } = window.bench;
  const blamed = tasks.map(([start, end]) => {
    const [longest] = scripts.filter((x) => x.at >= start - 1 && x.at < end).sort((a, b) => b.ms - a.ms);
    return longest ? longest.what : 'no script (style, layout, paint, parsing)';
  });
  return { ...counts, blamed };
};

/** One cold load of a brand page with a floating widget, then a click on the launcher, right
 *  after the pointer reached it or after it rested there `restMs`. */
async function coldLoad(throttle, restMs = 0, latency = 0) {
  const { context, page, cdp, watch } = await freshPage(throttle, latency);
  await page.goto(`${HOST}/brand.html`, { waitUntil: 'load' });
  // What the page went through before anyone touched the widget: its load and the idle start
  // of the widget: the launcher drawn, the module fetched, compiled and instantiated, then a
  // frame and 200 ms more.
  await watch(`new Promise((done) => {
    const runtime = () => window[Symbol.for('chapeau.runtime')];
    const poll = () => (runtime() ? runtime().then(done) : setTimeout(poll, 20));
    poll();
  }).then(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 200))))`);
  const before = await watch(`(${blame})()`);
  const launcher = page.locator('chapeau-widget').getByRole('button', { name: 'Feedback' });
  // From the click to a focused message field.
  await page.evaluate(() => {
    const host = document.querySelector('chapeau-widget');
    host.addEventListener('click', (e) => { window.bench.clickAt = e.timeStamp; }, { capture: true, once: true });
    host.shadowRoot.addEventListener('focusin', (e) => {
      if (e.target.localName === 'textarea' && window.bench.focusAt === undefined) window.bench.focusAt = performance.now();
    });
  });
  if (restMs) {
    await launcher.hover();
    await page.waitForTimeout(restMs);
  }
  await launcher.click();
  await page.waitForFunction(() => window.bench.focusAt !== undefined);
  const after = await page.evaluate(async () => {
    const glue = await window[Symbol.for('chapeau.runtime')];
    const wasm = await glue.default();
    // Find the module's memory among its exports.
    const memory = Object.values(wasm).find((value) => value instanceof WebAssembly.Memory);
    return { clickToForm: window.bench.focusAt - window.bench.clickAt, wasmMemory: memory.buffer.byteLength };
  });
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await context.close();
  return { ...before, ...after, jsHeap: metrics.JSHeapUsedSize };
}

/** How many times each name occurs. */
const tally = (names) => names.reduce((counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }), {});

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
  return { median: Math.round(at(0.5) * 10) / 10, p95: Math.round(at(0.95) * 10) / 10 };
}

const result = { runs: RUNS };
for (const throttle of [1, 4]) {
  const runs = [];
  const rested = [];
  const alone = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await coldLoad(throttle));
    rested.push(await coldLoad(throttle, REST_MS));
    alone.push(await pageAlone(throttle));
  }
  result[throttle === 1 ? 'unthrottled' : 'cpu_throttled_4x'] = {
    click_to_focused_form_ms: stats(runs.map((r) => r.clickToForm)),
    [`click_to_focused_form_after_${REST_MS}ms_hover_ms`]: stats(rested.map((r) => r.clickToForm)),
    long_tasks_before_interaction: { max: Math.max(...runs.map((r) => r.longTasks)), total_ms_max: Math.round(Math.max(...runs.map((r) => r.longTaskMs))),
      loads_with_any: runs.filter((r) => r.longTasks > 0).length, blamed_on: tally(runs.flatMap((r) => r.blamed)) },
    page_alone_long_tasks: { max: Math.max(...alone.map((r) => r.longTasks)), total_ms_max: Math.round(Math.max(...alone.map((r) => r.longTaskMs))) },
    cumulative_layout_shift_max: Math.max(...runs.map((r) => r.cls)),
    wasm_memory_bytes: Math.max(...runs.map((r) => r.wasmMemory)),
    js_heap_bytes_median: stats(runs.map((r) => r.jsHeap)).median,
  };
}
const far = [];
for (let i = 0; i < RUNS; i++) far.push(await coldLoad(1, 0, PHONE_RTT_MS));
result[`unthrottled_${PHONE_RTT_MS}ms_round_trips`] = { click_to_focused_form_ms: stats(far.map((r) => r.clickToForm)) };
console.log(JSON.stringify(result, null, 2));
await browser.close();
servers.forEach((server) => server.kill());
