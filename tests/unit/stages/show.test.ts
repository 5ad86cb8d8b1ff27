import { afterEach, describe, expect, test } from 'vitest';
import { applyStage, watchStage } from '../../../src/stages/show';

const html = document.documentElement;
const tick = () => new Promise((r) => setTimeout(r, 0));
const visible = (id: string) => document.getElementById(id)!.style.display !== 'none';

afterEach(() => {
  document.body.innerHTML = '';
  html.removeAttribute('data-waymark-stage');
});

describe('applyStage', () => {
  test('marks <html> with the stage, and clears it for no stage', () => {
    applyStage('interest');
    expect(html.getAttribute('data-waymark-stage')).toBe('interest');
    applyStage(null);
    expect(html.hasAttribute('data-waymark-stage')).toBe(false);
  });

  test('shows an element only in the stages it lists', () => {
    document.body.innerHTML = `
      <p id="pitch" data-waymark-show="consideration  conversion">Talk to sales</p>
      <p id="thanks" data-waymark-show="advocacy">Thanks</p>
      <p id="always">Always</p>`;
    applyStage('awareness');
    expect([visible('pitch'), visible('thanks'), visible('always')]).toEqual([false, false, true]);
    applyStage('conversion');
    expect([visible('pitch'), visible('thanks'), visible('always')]).toEqual([true, false, true]);
    applyStage(null);
    expect([visible('pitch'), visible('thanks')]).toEqual([false, false]);
  });

  test("restores the element's own display when shown again", () => {
    document.body.innerHTML = '<div id="card" data-waymark-show="interest"></div>';
    const card = document.getElementById('card')!;
    card.style.display = 'flex';
    applyStage('awareness');
    applyStage('awareness');
    expect(card.style.display).toBe('none');
    applyStage('interest');
    expect(card.style.display).toBe('flex');
    applyStage('interest');
    expect(card.style.display).toBe('flex');
  });

  test('can be limited to one subtree, including its root', () => {
    document.body.innerHTML = `
      <section id="inside" data-waymark-show="retention"><b id="child" data-waymark-show="advocacy"></b></section>
      <p id="outside" data-waymark-show="retention"></p>`;
    applyStage('advocacy', document.getElementById('inside')!);
    expect([visible('inside'), visible('child'), visible('outside')]).toEqual([false, true, true]);
    expect(html.getAttribute('data-waymark-stage')).toBe('advocacy');
  });
});

describe('watchStage', () => {
  test('applies the current stage to elements added or retargeted later, until stopped', async () => {
    let stage = 'interest';
    const stop = watchStage(() => stage);
    document.body.insertAdjacentHTML('beforeend', '<div id="late"><span id="offer" data-waymark-show="consideration"></span></div>');
    await tick();
    expect(visible('offer')).toBe(false);

    document.getElementById('offer')!.setAttribute('data-waymark-show', 'interest');
    await tick();
    expect(visible('offer')).toBe(true);

    document.getElementById('offer')!.setAttribute('data-waymark-show', 'advocacy');
    await tick();
    expect(visible('offer')).toBe(false);
    document.getElementById('offer')!.removeAttribute('data-waymark-show');
    await tick();
    expect(visible('offer')).toBe(true);

    stop();
    stage = 'awareness';
    document.body.insertAdjacentHTML('beforeend', '<i id="after" data-waymark-show="interest"></i>');
    await tick();
    expect(visible('after')).toBe(true);
  });
});
