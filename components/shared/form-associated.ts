// Form association for elements that sit inside a host page's <form> (the quote editor, the
// payment plan): ElementInternals behind one small mixin, as native controls behave. The element
// sets its value and validity through `internals`; the page gets `form`, `name`, `validity`,
// `checkValidity()` and `reportValidity()`, and the `disabled` attribute or a disabled
// <fieldset> reaches the element as `formDisabled`.
import type { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin pattern needs any[]
type Constructor<T> = new (...args: any[]) => T;

/** What the mixin adds; `internals` and `formDisabled` are for the element itself. */
export declare class FormAssociatedInterface {
  static readonly formAssociated: true;
  name: string;
  disabled: boolean;
  readonly form: HTMLFormElement | null;
  readonly validity: ValidityState;
  readonly validationMessage: string;
  readonly willValidate: boolean;
  checkValidity(): boolean;
  reportValidity(): boolean;
  formDisabledCallback(disabled: boolean): void;
  protected readonly internals: ElementInternals;
  protected formDisabled: boolean;
}

export function FormAssociated<T extends Constructor<LitElement>>(Base: T) {
  class FormAssociatedElement extends Base {
    static readonly formAssociated = true;

    /** The name the value is submitted under, as on a native control. */
    @property({ reflect: true }) name = '';

    /** Disables the element as `disabled` does a native control (also via a disabled fieldset). */
    @property({ type: Boolean, reflect: true }) disabled = false;

    /** Set while the element is disabled by its attribute or an ancestor fieldset. */
    @state() protected formDisabled = false;

    protected readonly internals: ElementInternals = this.attachInternals();

    /** The form the element belongs to, or null. */
    get form(): HTMLFormElement | null {
      return this.internals.form;
    }

    get validity(): ValidityState {
      return this.internals.validity;
    }

    get validationMessage(): string {
      return this.internals.validationMessage;
    }

    get willValidate(): boolean {
      return this.internals.willValidate;
    }

    checkValidity(): boolean {
      return this.internals.checkValidity();
    }

    reportValidity(): boolean {
      return this.internals.reportValidity();
    }

    formDisabledCallback(disabled: boolean): void {
      this.formDisabled = disabled;
    }
  }
  return FormAssociatedElement as unknown as Constructor<FormAssociatedInterface> &
    T & {
      readonly formAssociated: true;
    };
}
