// Where focus goes when the thing that had it is removed or replaced: never the page body.

/**
 * Moves focus from `from` (about to disappear with its list item) to the same control in the
 * next item, else the previous one, else `fallback`.
 */
export function focusNeighbour(from: HTMLElement, fallback: () => HTMLElement | null | undefined): void {
  const item = from.closest("li");
  const testId = from.dataset.testid;
  for (const neighbour of [item?.nextElementSibling, item?.previousElementSibling]) {
    if (!(neighbour instanceof HTMLElement)) continue;
    const same = testId ? neighbour.querySelector<HTMLElement>(`[data-testid="${testId}"]`) : null;
    const target = same ?? neighbour.querySelector<HTMLElement>("button, a[href], input, select, textarea");
    if (target) {
      target.focus();
      return;
    }
  }
  fallback()?.focus();
}
