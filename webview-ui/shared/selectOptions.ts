import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { h } from './dom';

export interface SelectChoice {
  value: string;
  label: string;
  description?: string;
}

/**
 * Replaces a single-select's options (only when they changed, so an open dropdown is not
 * rebuilt under the user) and selects `selected`. The element reads which option is
 * selected from the `selected` attribute when its options change.
 */
export function setSelectOptions(
  select: HTMLElementTagNameMap['vscode-single-select'],
  choices: readonly SelectChoice[], selected: string): void {
  const signature = JSON.stringify(choices);
  if (select.dataset.options !== signature) {
    select.dataset.options = signature;
    select.replaceChildren(
      ...choices.map((choice) =>
        h('vscode-option', { value: choice.value, description: choice.description, selected: choice.value === selected }, choice.label),
      ),
    );
  }
  if (select.value !== selected) select.value = selected;
}
