// The live page's browser test (README "Live page"), run by LivePageTest: Debian's chromium, headless, driven by
// playwright-core (pinned in package.json). It opens the page, checks what it shows of the state the Java test set up,
// prints READY, and reads lines from stdin: "sent" once the Java test sent an event (the page must show its effect
// within 2 s, and the time it took is printed), then one JSON line with the conversation's timeline and transcript as
// the router answers them, which it compares with what the page shows after a click on the conversation.
// Exits 0 after "OK"; on any failure it prints "FAILED: <what>" to stderr, saves a screenshot, and exits 1.
//
//   node src/test/browser/live-page.js '{"url": "...", "queueId": "...", "bot": "...", "representative": "...",
//     "first": "<conversation>", "second": "<conversation>", "customerName": "...", "screenshot": "target/....png",
//     "profile": "<an empty directory for chromium's profile>"}'
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');

const CHROMIUM = '/usr/bin/chromium';
const LIVE_MS = 2000; // the issue asks for a change shown within a second; the test allows polling's worst case twice
const FIRST_MS = 20000; // the browser's start and the page's first round, on a busy machine
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const given = JSON.parse(process.argv[2] || '{}');
const input = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function nextLine(what) {
  const line = await input.next();
  if (line.done) {
    throw new Error(`stdin closed while waiting for ${what}`);
  }
  return line.value;
}

/** Waits until the page shows `selector` (or, with state 'detached', no longer does), or fails saying `what`. */
async function shows(page, selector, what, timeout = LIVE_MS, state = 'attached') {
  try {
    await page.locator(selector).first().waitFor({ state, timeout });
  } catch (error) {
    throw new Error(`the page did not show ${what} within ${timeout} ms (${selector})`);
  }
}

async function width(page, selector) {
  return page.locator(selector).evaluate(element => element.style.width);
}

function same(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: the page shows ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)`);
  }
  const { chromium } = require('playwright-core');
  // a fresh profile: the Java test's empty directory (it deletes it afterwards, however this ends), else one of ours
  const profile = given.profile || fs.mkdtempSync(path.join(os.tmpdir(), 'live-page-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true,
    args: ARGS });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on('pageerror', error => problems.push(`script error: ${error.message}`));
  page.on('console', message => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  try {
    await check(page);
    if (problems.length) {
      throw new Error(`the page reported errors: ${problems.join('; ')}`);
    }
    console.log('OK');
  } catch (error) {
    if (given.screenshot) {
      await page.screenshot({ path: given.screenshot, fullPage: true }).catch(() => {});
      error.message += ` (screenshot: ${given.screenshot})`;
    }
    throw error;
  } finally {
    await context.close();
    if (!given.profile) {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }
}

async function check(page) {
  const q = `[data-queue="${given.queueId}"]`;
  const rep = given.representative;
  const bot = given.bot;
  await page.goto(given.url);

  // What the Java test set up: the representative holds the first conversation (1 of 1 unit), the bot the second
  // (1 of 2), whose escalation waits in the queue's representative line.
  await shows(page, `${q} tr[data-member="${rep}"][data-load="1"][data-capacity="1"]`,
    'the representative at 1 of 1', FIRST_MS);
  await shows(page, `${q} tr[data-member="${bot}"][data-load="1"][data-capacity="2"]`, 'the bot at 1 of 2');
  await shows(page, `${q} [data-line="representative"][data-count="1"] [data-open="${given.second}"]`,
    'the second conversation waiting for a representative');
  await shows(page, `${q} [data-line="bot"][data-count="0"]`, 'an empty bot line');
  await shows(page, `tr[data-conversation="${given.first}"][data-holder="${rep}"]`,
    'the first conversation held by the representative');
  await shows(page, `tr[data-conversation="${given.second}"][data-holder="${bot}"]`,
    'the second conversation held by the bot');
  same(await width(page, `${q} tr[data-member="${rep}"] .fill`), '100%', 'the representative\'s bar');
  same(await width(page, `${q} tr[data-member="${bot}"] .fill`), '50%', 'the bot\'s bar');
  same(await page.locator(`${q} tr[data-member="${bot}"] .load`).textContent(), '1 / 2', 'the bot\'s load');
  if ((await page.content()).includes('whsec_')) {
    throw new Error('the page shows a webhook secret');
  }
  // What did not change is not drawn again (a click on it is not lost): the same elements two rounds later, while
  // the waiting line's longest wait is updated in place.
  await page.locator(`${q} [data-open="${given.second}"]`).evaluate(button => { button.kept = true; });
  await page.locator('#conversations .card').evaluate(card => { card.kept = true; });
  for (let round = 0; round < 2; round++) {
    const before = await page.locator('#status').textContent();
    await page.waitForFunction(shown => document.getElementById('status').textContent !== shown, before,
      { timeout: LIVE_MS });
  }
  same(await page.locator(`${q} [data-open="${given.second}"]`).evaluate(button => button.kept === true), true,
    'the waiting conversation\'s button kept between rounds');
  same(await page.locator('#conversations .card').evaluate(card => card.kept === true), true,
    'the conversations kept between rounds');

  // Live: the Java test ends the first conversation; the representative's freed unit takes the waiting one.
  console.log('READY');
  await nextLine('"sent"');
  const sent = Date.now();
  await Promise.all([
    shows(page, `tr[data-conversation="${given.second}"][data-holder="${rep}"]`,
      'the second conversation held by the representative'),
    shows(page, `tr[data-conversation="${given.first}"]`, 'the first conversation gone', LIVE_MS, 'detached'),
    shows(page, `${q} [data-line="representative"][data-count="0"]`, 'an empty representative line'),
    shows(page, `${q} tr[data-member="${bot}"][data-load="0"]`, 'the bot at 0 of 2'),
  ]);
  console.log(`LIVE shown ${Date.now() - sent} ms after the event was answered`);
  same(await width(page, `${q} tr[data-member="${bot}"] .fill`), '0%', 'the bot\'s bar');

  // A click on the conversation shows its timeline and its transcript, as the router answers them.
  const expected = JSON.parse(await nextLine('the expected timeline and transcript'));
  await page.locator(`tr[data-conversation="${given.second}"] [data-open]`).click();
  await shows(page, `#detail [data-detail="${given.second}"]`, 'the second conversation\'s detail');
  await shows(page, `#detail li[data-step]:nth-child(${expected.timeline.length})`, 'the whole timeline');
  const steps = await page.locator('#detail li[data-step]').evaluateAll(items => items.map(item =>
    `${item.dataset.step} ${item.dataset.participant || '-'}`));
  same(steps, expected.timeline, 'the timeline');
  const texts = await page.locator('#detail li[data-message] .text').allTextContents();
  same(texts, expected.transcript, 'the transcript');
  // Text is shown as text: the customer's name, markup and all, is not made into elements.
  same(await page.locator('#detail .customer').evaluate(cell => cell.firstChild.textContent.trim()),
    given.customerName, 'the customer\'s name');
  same(await page.locator('#detail .customer img, #detail .customer b').count(), 0, 'elements made of a name');
  console.log(`timeline: ${steps.join(', ')}; transcript: ${texts.length} message(s)`);
}

const deadline = setTimeout(() => {
  console.error('FAILED: no result within 90 s');
  process.exit(1);
}, 90000);
main().then(() => {
  clearTimeout(deadline);
  process.exit(0);
}, error => {
  console.error(`FAILED: ${error.message}`);
  process.exit(1);
});
