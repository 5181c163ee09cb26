// A tooltip handler for Vega views, drawing a small box beside the pointer (Vega's own default only
// sets the element's title, which shows late and never in a screenshot). Given to the View's
// constructor: setting it later makes a new renderer, which empties the container.

type Handler = (handler: unknown, event: MouseEvent, item: unknown, value: unknown) => void;

export function tooltipIn(container: HTMLElement): Handler {
  let box: HTMLDivElement | undefined;
  return (_handler, event, _item, value) => {
    if (!box || !box.isConnected) {
      box = document.createElement('div');
      box.className = 'chart-tooltip';
      container.append(box);
    }
    if (value == null || value === '') { box.hidden = true; return; }
    const fields = typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [['', value]];
    box.replaceChildren(...fields.map(([k, v]) => { const line = document.createElement('div'); line.textContent = k ? `${k}: ${v}` : String(v); return line; }));
    const r = container.getBoundingClientRect();
    box.style.left = `${event.clientX - r.left + 12}px`;
    box.style.top = `${event.clientY - r.top + 12}px`;
    box.hidden = false;
  };
}
