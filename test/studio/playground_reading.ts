// What the playground's tests read off the page: its figures' exact values (data-value) and the
// live tensor count, which the page keeps off the learner's screen in a data attribute.
import type { Page } from 'playwright-core';

export const value = (page: Page, testId: string) => page.getAttribute(`[data-testid="${testId}"]`, 'data-value').then(Number);

export const tensorCount = (page: Page) => page.getAttribute('section.playground', 'data-tensors').then(Number);

/** The first figures' values have been measured: the page is ready. */
export const measured = (page: Page) => page.locator('[data-testid="jsd"][data-value]:not([data-value=""])').waitFor({ timeout: 30000 });
