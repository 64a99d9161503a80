import { h } from '../shared/dom';

/**
 * A list of thousands of rows that keeps only the visible ones in the DOM (fixed row
 * height), with keyboard navigation: arrows, Page Up/Down, Home/End; the selected row is
 * the listbox's active descendant.
 */
export class VirtualList<Row> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly window: HTMLElement;
  private rows: readonly Row[] = [];
  private selectedIndex = -1;
  private frame = 0;

  constructor(
    private readonly options: {
      rowHeight: number;
      label: string;
      testId: string;
      idOf: (row: Row) => string;
      render: (row: Row, selected: boolean) => HTMLElement;
      onSelect: (row: Row) => void;
    },
  ) {
    this.spacer = h('div', { class: 'virtual-spacer' });
    this.window = h('div', { class: 'virtual-window' });
    this.element = h('div', {
      class: 'virtual-list',
      role: 'listbox',
      tabindex: 0,
      'aria-label': options.label,
      'data-testid': options.testId,
    }, this.spacer, this.window);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  setRows(rows: readonly Row[], selectedId: string | null): void {
    this.rows = rows;
    this.selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => this.options.idOf(row) === selectedId);
    this.element.dataset.rowCount = String(rows.length);
    this.spacer.style.height = `${rows.length * this.options.rowHeight}px`;
    this.draw();
  }

  select(index: number, scroll = true): void {
    if (this.rows.length === 0) return;
    this.selectedIndex = Math.max(0, Math.min(this.rows.length - 1, index));
    if (scroll) this.scrollIntoView(this.selectedIndex);
    this.draw();
    this.options.onSelect(this.rows[this.selectedIndex]!);
  }

  scrollToSelected(): void {
    if (this.selectedIndex >= 0) this.scrollIntoView(this.selectedIndex);
    this.draw();
  }

  private scrollIntoView(index: number): void {
    const top = index * this.options.rowHeight;
    const bottom = top + this.options.rowHeight;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (bottom > this.element.scrollTop + this.element.clientHeight) this.element.scrollTop = bottom - this.element.clientHeight;
  }

  private onKey(event: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.options.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: this.selectedIndex + 1,
      ArrowUp: this.selectedIndex - 1,
      PageDown: this.selectedIndex + page,
      PageUp: this.selectedIndex - page,
      Home: 0,
      End: this.rows.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.select(target);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const { rowHeight } = this.options;
    const height = this.element.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.element.scrollTop / rowHeight) - 5);
    const last = Math.min(this.rows.length, Math.ceil((this.element.scrollTop + height) / rowHeight) + 5);
    const items: HTMLElement[] = [];
    for (let index = first; index < last; index++) {
      const row = this.rows[index]!;
      const selected = index === this.selectedIndex;
      const item = this.options.render(row, selected);
      item.id = `row-${this.options.idOf(row)}`;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', String(selected));
      item.classList.add('virtual-row');
      item.style.transform = `translateY(${index * rowHeight}px)`;
      item.style.height = `${rowHeight}px`;
      item.addEventListener('click', () => this.select(index, false));
      items.push(item);
    }
    this.window.replaceChildren(...items);
    const selected = this.rows[this.selectedIndex];
    if (selected) this.element.setAttribute('aria-activedescendant', `row-${this.options.idOf(selected)}`);
    else this.element.removeAttribute('aria-activedescendant');
  }
}
