import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { msg, str } from '@lit/localize';
import { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer';
import {
  OUTCOMES,
  explain,
  type Outcome,
  type RequirableField,
} from '../../core/funnel/stage-engine.ts';
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';
import { scopeOf } from '../../core/permissions.ts';
import {
  clientContext,
  currentUserContext,
  type LodeLocale,
  type LodestoneClient,
  type Me,
} from '../context/contexts.ts';
import { LodeOpportunityMoveEvent } from '../events/lode-opportunity-move.ts';
import { Announcer } from '../shared/announcer.ts';
import { LiveChanges } from '../shared/live-changes.ts';
import { errorCode, errorMessage } from '../shared/errors.ts';
import { formatAmounts, formatCount } from '../shared/format.ts';
import { LocaleController } from '../shared/locale-controller.ts';
import {
  controlStyles,
  renderEmpty,
  renderError,
  renderSkeleton,
  stateStyles,
} from '../shared/states.ts';
import { tokenStyles } from '../themes/tokens.styles.ts';
import {
  choosePipeline,
  countOf,
  fetchTotals,
  findCard,
  loadBoard,
  loadMeta,
  loadMore,
  periodRange,
  withCard,
  withPage,
  withTotals,
  withUpdatedCard,
  withoutCard,
  type BoardData,
  type BoardFilters,
  type Column,
  type Totals,
} from './board-data.ts';
import { renderFunnelChart } from './funnel-chart.ts';
import { renderToolbar, type ToolbarValues } from './toolbar.ts';
import { checkWithFields, missingOnTheWay, verdictFor, type Target } from './move-rules.ts';
import { boardStyles } from './funnel-board.styles.ts';
import { KeyboardMoveController, type MoveTarget } from './keyboard-move.ts';
import { outcomeLabel, stageLabel } from './labels.ts';
import {
  readClose,
  readFields,
  renderMoveDialog,
  type CloseAnswer,
  type FieldValues,
  type MoveDialog,
} from './move-dialog.ts';

/** A move the engine allowed and the person completed, ready to be sent. */
interface MovePlan {
  /** The card as it will be in its new stage; null when it is being closed. */
  moved: OpportunityListItem | null;
  outcome: Outcome | null;
  fields: FieldValues;
  close: CloseAnswer | null;
}

type VirtualizerHost = HTMLElement & {
  [virtualizerRef]?: {
    element(index: number): { scrollIntoView(options?: ScrollIntoViewOptions): void } | undefined;
  };
};

/**
 * @tagname lode-funnel-board
 * @summary The sales funnel as a board: one column per stage of a pipeline, with the count,
 * amount and weighted amount of its open opportunities in the header and a card for each.
 * Cards move by drag and drop or by keyboard; the stage engine of `core/` checks each move
 * before it is sent (asking for the fields the stage requires, refusing while strict tasks are
 * open), dropping on won / lost / invalid asks for the reason, and a move that the server
 * refuses (CONFLICT, or any error) is put back with a message. A funnel chart view toggles
 * with the board. Needs a client through context (`lode-provider`).
 *
 * @event lode-opportunity-move - Before a move or close is sent, with the card already in
 * place (`LodeOpportunityMoveEvent`, `.move`). Cancelable: `preventDefault()` puts it back.
 * @event lode-opportunity-open - A card was clicked or Enter was pressed on it
 * (`LodeOpportunityOpenEvent`, `.opportunity`).
 *
 * @csspart toolbar - The filters and the view switch.
 * @csspart filter - Each filter's select (also `filter-pipeline`, `filter-owner`, `filter-team`, `filter-period`).
 * @csspart view-toggle - The board / chart switch; its buttons are `view-button`.
 * @csspart message - The line telling why a move was refused or put back.
 * @csspart board - The row of columns.
 * @csspart column - A stage's column (`column-drop-target` while a card is over it).
 * @csspart column-header - The column's header.
 * @csspart column-title - The stage's name.
 * @csspart column-count - Number of open opportunities in the stage.
 * @csspart column-amount - Σ expected amount, per currency.
 * @csspart column-weighted - Σ amount × probability, per currency.
 * @csspart cards - The scrolling list of cards.
 * @csspart card - Each `lode-opportunity-card` (its own parts are exported as `card-base`, `card-name`, …).
 * @csspart drop-zones - The won / lost / invalid zones; each is a `drop-zone`.
 * @csspart chart - The funnel chart; rows are `chart-row`, with `chart-label`, `chart-bar`, `chart-figures`.
 * @csspart dialog - The dialog asking for required fields or a close reason (`dialog-title`, `dialog-form`, `dialog-cancel`, `dialog-confirm`, `field-error`).
 * @csspart skeleton - Placeholder while loading.
 * @csspart empty - Text of an empty column or board.
 * @csspart error - A failed load, with a `retry-button`.
 * @csspart live-region - The (visually hidden) announcements.
 *
 * @cssproperty --lode-column-width - Width of a column (17rem).
 * @cssproperty --lode-column-height - Height of a column's card list (32rem).
 * @cssproperty --lode-color-accent - Drop targets and focus.
 * @cssproperty --lode-color-accent-soft - Background of the column or zone a card is over.
 * @cssproperty --lode-color-surface-sunken - Column background.
 * @cssproperty --lode-color-success - The won zone.
 * @cssproperty --lode-color-danger - The lost zone and error messages.
 */
export class LodeFunnelBoard extends LitElement {
  static override styles = [tokenStyles, stateStyles, controlStyles, boardStyles];

  /** Pipeline id; the default pipeline when absent. */
  @property({ type: Number }) pipeline?: number;

  /** Only this owner's opportunities. */
  @property({ type: Number, attribute: 'owner-id' }) ownerId?: number;

  /** Only opportunities of this team and the teams below it. */
  @property({ type: Number, attribute: 'team-id' }) teamId?: number;

  /** Expected closing in `this-month`, `next-month`, `this-quarter`, `next-quarter` or `this-year`; any when empty. */
  @property() period = '';

  /** `board` or `chart`. */
  @property({ reflect: true }) view: 'board' | 'chart' = 'board';

  /** Days in one stage after which a card is marked stale, where the stage sets no limit of its own. */
  @property({ type: Number, attribute: 'stale-after-days' }) staleAfterDays = 30;

  @consume({ context: clientContext, subscribe: true })
  @state()
  private client?: LodestoneClient;

  @consume({ context: currentUserContext, subscribe: true })
  @state()
  private user?: Me | null;

  @state() private data?: BoardData;
  @state() private message: { text: string; kind: 'error' | 'info' } | null = null;
  /** Index of the move target a dragged card is over. */
  @state() private dropTarget: number | null = null;
  @state() private dragging: number | null = null;
  @state() private dialog: MoveDialog | null = null;

  private readonly locale = new LocaleController(this);
  private readonly announcer = new Announcer(this);
  private readonly keyboard = new KeyboardMoveController(this, {
    targets: () => this.moveTargets(),
    announce: (text) => this.announce(text),
    dropOn: (id, index) => this.dropOn(id, index),
  });
  private answerDialog?: (answer: FieldValues | CloseAnswer | null) => void;
  private readonly inFlight = new Set<number>();
  private readonly loadingMore = new Set<number>();

  private readonly metaTask = new Task(this, {
    args: () => [this.client] as const,
    task: ([client], { signal }) => (client ? loadMeta(client, signal) : initialState),
  });

  private readonly boardTask = new Task(this, {
    args: () =>
      [
        this.client,
        this.metaTask.value,
        this.pipeline,
        this.ownerId,
        this.teamId,
        this.period,
      ] as const,
    task: async ([client, meta, pipelineId], { signal }) => {
      if (!client || !meta) return initialState;
      const pipeline = choosePipeline(meta, pipelineId);
      return pipeline ? loadBoard(client, pipeline, this.filters(), signal) : null;
    },
    onComplete: (data) => {
      this.keyboard.release();
      this.data = data ?? undefined;
    },
  });

  /** Loads the columns and totals again (after changes made elsewhere). */
  refresh(): Promise<void> {
    return this.boardTask.run();
  }

  // Deals moved or edited elsewhere (another page, another user) reload the columns. While this
  // board is in the middle of a move of its own, the reload waits for the move to settle, so a
  // card being dragged or picked up never jumps out from under the user.
  private readonly live = new LiveChanges(this, {
    client: () => this.client,
    entities: ['opportunities'],
    onChanges: () => this.refreshWhenIdle(),
  });
  private idleRefresh?: ReturnType<typeof setTimeout>;

  private refreshWhenIdle(): void {
    clearTimeout(this.idleRefresh);
    if (!this.isConnected) return;
    const busy =
      this.inFlight.size > 0 ||
      this.dragging !== null ||
      this.dialog !== null ||
      this.keyboard.grabbed !== null;
    if (busy) this.idleRefresh = setTimeout(() => this.refreshWhenIdle(), 500);
    else void this.refresh();
  }

  private filters(): BoardFilters {
    return {
      ...(this.ownerId ? { ownerId: this.ownerId } : {}),
      ...(this.teamId ? { teamId: this.teamId } : {}),
      ...periodRange(this.period, new Date()),
    };
  }

  private allowed(permission: 'opportunities.move' | 'opportunities.close'): boolean {
    const user = this.user;
    // Not known (yet): offer it and let the server decide.
    if (!user) return user === undefined;
    return scopeOf(user.role, permission) !== 'none' && user.token.scopes.includes('write');
  }

  // ---- move targets, shared by the keyboard path and drag and drop ----

  /** Stage columns in order, then the outcomes the user may close with. */
  private moveTargets(): MoveTarget[] {
    const locale = this.locale.value;
    const stages = (this.data?.columns ?? []).map((c) => ({ label: stageLabel(c.stage, locale) }));
    const outcomes = this.allowed('opportunities.close')
      ? OUTCOMES.map((o) => ({ label: outcomeLabel(o) }))
      : [];
    return [...stages, ...outcomes];
  }

  private targetAt(index: number): Target | null {
    const columns = this.data?.columns ?? [];
    const column = columns[index];
    if (column) return { kind: 'stage', stageId: column.stage.id };
    const outcome = OUTCOMES[index - columns.length];
    return outcome ? { kind: 'outcome', outcome } : null;
  }

  private announce(text: string): void {
    this.announcer.announce(text);
  }

  private dropOn(id: number, index: number): void {
    const found = this.data && findCard(this.data, id);
    const target = this.targetAt(index);
    if (found && target) void this.move(found.item, target, true);
  }

  // ---- the move itself ----

  private columnName(stageId: number): string {
    const column = this.data?.columns.find((c) => c.stage.id === stageId);
    return column ? stageLabel(column.stage, this.locale.value) : '';
  }

  private showMessage(text: string, kind: 'error' | 'info'): void {
    this.message = { text, kind };
    this.announce(text);
  }

  private ask(dialog: MoveDialog): Promise<FieldValues | CloseAnswer | null> {
    this.answerDialog?.(null);
    this.dialog = dialog;
    return new Promise((resolve) => {
      this.answerDialog = resolve;
    });
  }

  private async askFields(item: OpportunityListItem, stageId: number, fields: RequirableField[]) {
    const stage = this.data!.pipeline.stages.find((s) => s.id === stageId)!;
    const answer = this.ask({ kind: 'fields', item, stage, fields, contacts: null, errors: {} });
    if (fields.includes('primaryContactId') && this.client) {
      const page = await this.client.contacts.list
        .query({ partnerId: item.partnerId, limit: 200 })
        .catch(() => ({ items: [] }));
      if (this.dialog?.kind === 'fields' && this.dialog.item.id === item.id)
        this.dialog = {
          ...this.dialog,
          contacts: page.items.map((c) => ({ id: c.id, name: c.name })),
        };
    }
    return (await answer) as FieldValues | null;
  }

  private finishDialog(answer: FieldValues | CloseAnswer | null): void {
    const resolve = this.answerDialog;
    this.answerDialog = undefined;
    this.dialog = null;
    resolve?.(answer);
  }

  private readonly onDialogSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (!d) return;
    const form = event.currentTarget as HTMLFormElement;
    const locale = this.locale.value;
    const read = d.kind === 'fields' ? readFields(d, form, locale) : readClose(d, form, locale);
    if ('errors' in read) {
      this.dialog = { ...d, errors: read.errors };
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('dialog [aria-invalid="true"]')?.focus(),
      );
      return;
    }
    this.finishDialog(read.values);
  };

  private readonly onDialogCancel = () => this.finishDialog(null);

  private canceled(item: OpportunityListItem): void {
    const from = this.columnName(item.stageId);
    this.announce(
      msg(str`Move canceled. ${item.name} stays in ${from}.`, { id: 'keyboard.canceled' }),
    );
  }

  /**
   * What the move will send, once the stage engine allowed it and the person answered what it
   * needs (the stage's required fields, or a close reason). Null when it was refused (said so)
   * or canceled.
   */
  private async planMove(
    client: LodestoneClient,
    item: OpportunityListItem,
    target: Target,
  ): Promise<MovePlan | null> {
    const pipeline = this.data!.pipeline;
    if (target.kind === 'outcome') {
      if (!this.allowed('opportunities.close')) return null;
      const close = (await this.ask({
        kind: 'close',
        item,
        outcome: target.outcome,
        reasons: this.metaTask.value?.closeReasons ?? [],
        errors: {},
      })) as CloseAnswer | null;
      if (!close) this.canceled(item);
      return close && { moved: null, outcome: target.outcome, fields: {}, close };
    }
    if (target.stageId === item.stageId) return null;
    let fields: FieldValues = {};
    let verdict = await verdictFor(client, pipeline, item, target.stageId);
    if (!verdict.ok && verdict.reason === 'missing_fields') {
      const missing = missingOnTheWay(pipeline, item, target.stageId);
      const answer = await this.askFields(item, target.stageId, missing);
      if (!answer) {
        this.canceled(item);
        return null;
      }
      fields = answer;
      verdict = checkWithFields(pipeline, item, target.stageId, fields);
    }
    if (!verdict.ok) {
      this.showMessage(explain(verdict, this.locale.value), 'error');
      return null;
    }
    const moved = {
      ...item,
      ...(fields as Partial<OpportunityListItem>),
      stageId: target.stageId,
      probability: verdict.probability,
      stageEnteredAt: new Date().toISOString(),
    };
    return { moved, outcome: null, fields, close: null };
  }

  /** Sends a planned move or close: `moveStage` or `close`, with the version the card showed. */
  private async send(client: LodestoneClient, item: OpportunityListItem, plan: MovePlan) {
    if (plan.moved) {
      const saved = await client.opportunities.moveStage.mutate({
        id: item.id,
        version: item.version,
        stageId: plan.moved.stageId,
        ...(Object.keys(plan.fields).length ? { fields: plan.fields } : {}),
      });
      if (this.data)
        this.data = withUpdatedCard(this.data, {
          ...saved,
          partnerName: item.partnerName,
          ownerName: item.ownerName,
        });
    } else if (plan.close && plan.outcome) {
      const { reasonId, note, wonAmount } = plan.close;
      await client.opportunities.close.mutate({
        id: item.id,
        version: item.version,
        outcome: plan.outcome,
        reasonId,
        note,
        ...(wonAmount === undefined ? {} : { wonAmount }),
      });
    }
  }

  /**
   * Checks and asks (planMove), moves the card at once, lets the page veto
   * (`lode-opportunity-move`), then calls the server; a refusal puts the card back.
   */
  private async move(item: OpportunityListItem, target: Target, byKeyboard = false): Promise<void> {
    const client = this.client;
    if (!client || !this.data || this.inFlight.has(item.id)) return;
    const from = this.columnName(item.stageId);
    this.message = null;
    this.inFlight.add(item.id);
    try {
      const plan = await this.planMove(client, item, target);
      if (!plan || !this.data) return;
      const { moved } = plan;
      const to = moved ? this.columnName(moved.stageId) : outcomeLabel(plan.outcome!);
      this.data = moved ? withCard(this.data, moved) : withoutCard(this.data, item.id);
      // The page sees the card in its new place when it is asked.
      if (moved) await this.renderedCard(moved.id);
      else await this.updateComplete;
      const intent = new LodeOpportunityMoveEvent({
        opportunity: item,
        fromStageId: item.stageId,
        toStageId: moved?.stageId ?? null,
        outcome: plan.outcome,
        fields: plan.fields,
        reasonId: plan.close?.reasonId ?? null,
      });
      if (!this.dispatchEvent(intent)) {
        if (this.data) this.data = withCard(this.data, item);
        this.canceled(item);
        if (byKeyboard) void this.focusCard(item.id);
        return;
      }
      this.announce(msg(str`Moved ${item.name} to ${to}.`, { id: 'board.moved' }));
      if (byKeyboard && moved) void this.focusCard(item.id);
      try {
        await this.send(client, item, plan);
      } catch (err) {
        if (this.data) this.data = withCard(this.data, item);
        this.showMessage(
          msg(str`${item.name} was put back in ${from}: ${errorMessage(err)}`, {
            id: 'board.reverted',
          }),
          'error',
        );
        if (byKeyboard) void this.focusCard(item.id);
        if (errorCode(err) === 'CONFLICT') void this.refresh();
        return;
      }
      // The optimistic totals were a guess: the server's are exact.
      const totals = await fetchTotals(client, this.data!.pipeline.id, this.filters()).catch(
        () => null,
      );
      if (totals && this.data) this.data = withTotals(this.data, totals);
    } catch (err) {
      // A failure before anything moved (fetching the checklist): say so, nothing to undo.
      this.showMessage(errorMessage(err), 'error');
    } finally {
      this.inFlight.delete(item.id);
    }
  }

  // ---- focus ----

  private cardElement(id: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`lode-opportunity-card[data-id="${id}"]`);
  }

  /**
   * Resolves with the card's element once rendered. A column's virtualizer renders a card a
   * frame or two after its data changed, and only near the visible range: wait for it, and
   * scroll it into range if needed. Null if it does not appear.
   */
  private async renderedCard(id: number): Promise<HTMLElement | null> {
    for (let frame = 0; frame < 12; frame++) {
      await this.updateComplete;
      const el = this.cardElement(id);
      if (el) return el;
      if (frame === 3) this.scrollToCard(id);
      await new Promise((r) => requestAnimationFrame(r));
    }
    return null;
  }

  private async focusCard(id: number): Promise<void> {
    (await this.renderedCard(id))?.focus();
  }

  private scrollToCard(id: number): void {
    const found = this.data && findCard(this.data, id);
    const list = this.renderRoot.querySelector<VirtualizerHost>(
      `.cards[data-stage="${found?.column.stage.id}"]`,
    );
    try {
      if (found) list?.[virtualizerRef]?.element(found.index)?.scrollIntoView({ block: 'nearest' });
    } catch {
      // Not laid out yet: the next frames try again by looking for the card itself.
    }
  }

  // ---- keyboard ----

  private onCardKeyDown(
    event: KeyboardEvent,
    item: OpportunityListItem,
    columnIndex: number,
  ): void {
    if (event.target !== event.currentTarget) return;
    if (!this.keyboard.grabbed && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      const column = this.data?.columns[columnIndex];
      const i = column?.items.findIndex((o) => o.id === item.id) ?? -1;
      const next = column?.items[i + (event.key === 'ArrowDown' ? 1 : -1)];
      if (next) {
        event.preventDefault();
        void this.focusCard(next.id);
      }
      return;
    }
    if (
      !this.keyboard.grabbed &&
      (event.key === ' ' || event.key === 'Spacebar') &&
      !this.allowed('opportunities.move')
    ) {
      event.preventDefault();
      this.announce(
        msg('You can look at this board but not move opportunities.', { id: 'board.readOnly' }),
      );
      return;
    }
    if (this.keyboard.handleKey(event, { id: item.id, name: item.name, from: columnIndex }))
      event.preventDefault();
  }

  // ---- drag and drop ----

  private onDragStart(event: DragEvent, item: OpportunityListItem): void {
    if (!this.allowed('opportunities.move')) {
      event.preventDefault();
      return;
    }
    this.keyboard.release();
    this.dragging = item.id;
    event.dataTransfer?.setData('application/x-lode-opportunity', String(item.id));
    event.dataTransfer?.setData('text/plain', item.name);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  private onDragOver(event: DragEvent, index: number): void {
    if (this.dragging === null) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    if (this.dropTarget !== index) this.dropTarget = index;
  }

  private onDrop(event: DragEvent, index: number): void {
    event.preventDefault();
    const id =
      this.dragging ?? Number(event.dataTransfer?.getData('application/x-lode-opportunity'));
    this.dragging = null;
    this.dropTarget = null;
    const found = id && this.data ? findCard(this.data, id) : undefined;
    const target = this.targetAt(index);
    if (found && target) void this.move(found.item, target);
  }

  private readonly onDragEnd = () => {
    this.dragging = null;
    this.dropTarget = null;
  };

  private onRangeChanged(event: RangeChangedEvent, column: Column): void {
    const stageId = column.stage.id;
    if (!column.cursor || this.loadingMore.has(stageId) || !this.client || !this.data) return;
    if (event.last < column.items.length - 20) return;
    this.loadingMore.add(stageId);
    loadMore(this.client, this.data, stageId, this.filters())
      .then((page) => {
        // Only the page is taken over: moves made meanwhile stay as they are.
        if (this.data) this.data = withPage(this.data, stageId, page);
      })
      .catch((err: unknown) => this.showMessage(errorMessage(err), 'error'))
      .finally(() => this.loadingMore.delete(stageId));
  }

  // ---- rendering ----

  protected override updated(changed: PropertyValues): void {
    if (changed.has('dialog') && this.dialog) {
      const dialog = this.renderRoot.querySelector('dialog');
      if (dialog && !dialog.open) dialog.showModal();
    }
  }

  private renderFigures(totals: Totals, key: 'amount' | 'weighted', locale: LodeLocale): string {
    const amounts = [...totals].map(([currency, t]) => ({ currency, amount: t[key] }));
    return amounts.length ? formatAmounts(amounts, locale) : '—';
  }

  private renderCard(o: OpportunityListItem, column: Column, index: number, canMove: boolean) {
    return html`<lode-opportunity-card
      part="card"
      exportparts="base: card-base, name: card-name, partner: card-partner, amount: card-amount, close-date: card-close-date, owner: card-owner, age: card-age, stale-badge: card-stale-badge"
      role="listitem"
      tabindex="0"
      aria-describedby="drag-help"
      data-id=${o.id}
      draggable=${canMove ? 'true' : 'false'}
      stale-after-days=${column.stage.staleAfterDays ?? this.staleAfterDays}
      .opportunity=${o}
      .now=${this.data?.loadedAt}
      ?grabbed=${this.keyboard.grabbed?.id === o.id || this.dragging === o.id}
      @dragstart=${(e: DragEvent) => this.onDragStart(e, o)}
      @dragend=${this.onDragEnd}
      @keydown=${(e: KeyboardEvent) => this.onCardKeyDown(e, o, index)}
      @focusout=${() => this.keyboard.grabbed?.id === o.id && this.keyboard.release()}
    ></lode-opportunity-card>`;
  }

  private isOver(index: number): boolean {
    return (
      this.dropTarget === index ||
      (this.keyboard.grabbed !== null &&
        this.keyboard.grabbed.over === index &&
        this.keyboard.grabbed.from !== index)
    );
  }

  private renderColumn(column: Column, index: number, locale: LodeLocale, canMove: boolean) {
    const id = column.stage.id;
    const over = this.isOver(index);
    return html`<section
      part=${over ? 'column column-drop-target' : 'column'}
      class="column ${over ? 'over' : ''}"
      aria-labelledby="column-${id}"
      @dragover=${(e: DragEvent) => this.onDragOver(e, index)}
      @drop=${(e: DragEvent) => this.onDrop(e, index)}
    >
      <header part="column-header" class="column-header">
        <h3 part="column-title" class="column-title" id="column-${id}">
          ${stageLabel(column.stage, locale)}
        </h3>
        <span part="column-count" class="column-count"
          >${formatCount(countOf(column.totals), locale)}</span
        >
        <dl class="column-figures">
          <dt>${msg('Amount', { id: 'column.amount' })}</dt>
          <dd part="column-amount">${this.renderFigures(column.totals, 'amount', locale)}</dd>
          <dt>${msg('Weighted', { id: 'column.weighted' })}</dt>
          <dd part="column-weighted">${this.renderFigures(column.totals, 'weighted', locale)}</dd>
        </dl>
      </header>
      ${
        column.items.length
          ? html`<div
              part="cards"
              class="cards"
              role="list"
              aria-labelledby="column-${id}"
              data-stage=${id}
              @rangeChanged=${(e: RangeChangedEvent) => this.onRangeChanged(e, column)}
            >
              ${virtualize({
                items: column.items,
                keyFunction: (o: OpportunityListItem) => o.id,
                renderItem: (o: OpportunityListItem) => this.renderCard(o, column, index, canMove),
                scroller: true,
              })}
            </div>`
          : html`<div class="cards-empty">
              ${renderEmpty(msg('No opportunities here.', { id: 'column.empty' }))}
            </div>`
      }
    </section>`;
  }

  private renderZones() {
    if (!this.allowed('opportunities.close')) return nothing;
    const first = this.data?.columns.length ?? 0;
    return html`<div part="drop-zones" class="zones">
      ${OUTCOMES.map((outcome, i) => {
        const over = this.isOver(first + i);
        return html`<div
          part=${over ? 'drop-zone drop-zone-drop-target' : 'drop-zone'}
          class="zone ${outcome} ${over ? 'over' : ''}"
          @dragover=${(e: DragEvent) => this.onDragOver(e, first + i)}
          @drop=${(e: DragEvent) => this.onDrop(e, first + i)}
        >
          ${outcomeLabel(outcome)}
        </div>`;
      })}
    </div>`;
  }

  private renderBody(locale: LodeLocale) {
    if (!this.client)
      return renderEmpty(
        msg('Waiting for a connection: put the board inside a lode-provider that has a token.', {
          id: 'board.noClient',
        }),
      );
    if (this.metaTask.error !== undefined && !this.metaTask.value)
      return renderError(this.metaTask.error, () => void this.metaTask.run());
    if (this.boardTask.error !== undefined && this.boardTask.status === TaskStatus.ERROR)
      return renderError(this.boardTask.error, () => void this.refresh());
    if (!this.data) {
      if (this.boardTask.status === TaskStatus.COMPLETE)
        return renderEmpty(msg('There is no pipeline yet.', { id: 'board.noPipeline' }));
      return html`<div part="board" class="board loading">
        ${[0, 1, 2, 3, 4].map(() => html`<div class="column">${renderSkeleton(3)}</div>`)}
      </div>`;
    }
    if (this.view === 'chart') return renderFunnelChart(this.data, locale);
    const canMove = this.allowed('opportunities.move');
    // The row of columns scrolls sideways: focusable, so the keyboard can scroll it too.
    return html`<div
        part="board"
        class="board"
        role="region"
        tabindex="0"
        aria-label=${msg('Funnel board', { id: 'board.label' })}
      >
        ${this.data.columns.map((c, i) => this.renderColumn(c, i, locale, canMove))}
      </div>
      ${canMove ? this.renderZones() : nothing}`;
  }

  protected override render() {
    const locale = this.locale.value;
    const loading =
      this.metaTask.status === TaskStatus.PENDING || this.boardTask.status === TaskStatus.PENDING;
    const canMove = this.allowed('opportunities.move');
    return html`${renderToolbar(
        {
          meta: this.metaTask.value,
          pipelineId: this.data?.pipeline.id,
          ownerId: this.ownerId,
          teamId: this.teamId,
          period: this.period,
          view: this.view,
        },
        locale,
        (change: Partial<ToolbarValues>) => Object.assign(this, change),
      )}
      ${
        this.message
          ? html`<div part="message" class="message ${this.message.kind}" role="alert">
              <span>${this.message.text}</span>
              <button class="button" type="button" @click=${() => (this.message = null)}>
                ${msg('Dismiss', { id: 'board.dismiss' })}
              </button>
            </div>`
          : nothing
      }
      <div class="body" aria-busy=${loading ? 'true' : 'false'}>${this.renderBody(locale)}</div>
      <p id="drag-help" class="visually-hidden">
        ${
          canMove
            ? msg(
                'Press Space to pick the card up and move it with the arrow keys; press Enter to open it.',
                {
                  id: 'board.dragHelp',
                },
              )
            : msg('Press Enter to open the card.', { id: 'board.openHelp' })
        }
      </p>
      ${this.announcer.render()}
      ${
        this.dialog
          ? renderMoveDialog(this.dialog, locale, {
              submit: this.onDialogSubmit,
              cancel: this.onDialogCancel,
            })
          : nothing
      }`;
  }
}
