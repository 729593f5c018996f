// The demo portal: an intranet page with four pages (Sales, Accounts, Deal room, Finance), each
// embedding Lodestone elements under one lode-provider, and switches for the demo user, the
// locale and the theme. Plain DOM, no framework: it is also the example of embedding by hand.
// demo.js starts it on the page; the browser test starts it on the same markup against its server.

/** The demo logins of server/db/seeds/demo-company.ts; the password is public (README). */
const DEMO_LOGINS = {
  rep: 'zhang.wei@demo.lodestone.example',
  manager: 'wang.lei@demo.lodestone.example',
  finance: 'zhao.qiang@demo.lodestone.example',
  admin: 'admin@demo.lodestone.example',
};
const DEMO_PASSWORD = 'lodestone-demo';

/** What each role sees: the point of the user switch. */
const SCOPES = {
  rep: {
    zh: '销售代表：只看到自己的客户、商机、报价和订单。',
    en: 'a rep: sees only their own customers, deals, quotes and orders.',
  },
  manager: {
    zh: '经理：看到自己团队及下属各组的全部数据。',
    en: 'a manager: sees everything of their team and the teams below it.',
  },
  finance: {
    zh: '财务：看到所有客户、订单和应收款；看板只读。',
    en: 'finance: sees every customer, order and receivable; the board is read-only.',
  },
  admin: {
    zh: '管理员：看到并可操作一切。',
    en: 'an admin: sees and may do everything.',
  },
};

const PAGES = ['sales', 'accounts', 'deal-room', 'finance'];

/** The query parameter `name` if it is one of `allowed`. */
function query(allowed, name) {
  const value = new window.URLSearchParams(location.search).get(name);
  return allowed.find((a) => a === value);
}

const STORE = 'lodestone-demo';

/**
 * Starts the portal inside `root` (the `.portal` element of index.html).
 * @param {HTMLElement} root
 * @param {{ endpoint: string, createLodestoneClient: Function }} options
 * @returns {{ ready: Promise<void>, settled: () => Promise<void> }}
 */
export function startPortal(root, { endpoint, createLodestoneClient }) {
  const $ = (selector) => root.querySelector(selector);
  const provider = $('lode-provider');
  const state = {
    user: sessionStorage.getItem(`${STORE}:user`) ?? 'manager',
    // ?locale=en&theme=dark link to that portal; otherwise the tab's last choice, else the default.
    locale:
      query(['zh-CN', 'en'], 'locale') ?? sessionStorage.getItem(`${STORE}:locale`) ?? 'zh-CN',
    theme: query(['light', 'dark'], 'theme') ?? sessionStorage.getItem(`${STORE}:theme`) ?? 'light',
    client: undefined,
    /** Pages whose lists were loaded for the current user (reloaded after a switch). */
    loaded: new Set(),
    pending: Promise.resolve(),
  };

  // --- signing in -------------------------------------------------------------------------
  async function tokenFor(user) {
    const key = `${STORE}:${endpoint}:${user}`;
    const kept = sessionStorage.getItem(key);
    if (kept) {
      const check = createLodestoneClient({ url: endpoint, token: kept });
      const me = await check.auth.me.query().catch(() => null);
      if (me) return { token: kept, me };
    }
    const anonymous = createLodestoneClient({ url: endpoint });
    const session = await anonymous.auth.login.mutate({
      email: DEMO_LOGINS[user],
      password: DEMO_PASSWORD,
    });
    sessionStorage.setItem(key, session.token);
    return { token: session.token, me: session.user };
  }

  async function signIn(user) {
    const { token, me } = await tokenFor(user);
    state.user = user;
    state.client = createLodestoneClient({ url: endpoint, token });
    state.loaded.clear();
    provider.endpoint = endpoint;
    provider.token = token;
    sessionStorage.setItem(`${STORE}:user`, user);
    $('#user-switch').value = user;
    showSignedIn(me.name, SCOPES[user]);
  }

  function showSignedIn(name, scope) {
    const line = $('#signed-in');
    line.replaceChildren(
      bilingual(`已登录：${name}，`, `Signed in as ${name}, `),
      bilingual(scope.zh, scope.en),
    );
  }

  // --- locale and theme -------------------------------------------------------------------
  function setLocale(locale) {
    state.locale = locale;
    sessionStorage.setItem(`${STORE}:locale`, locale);
    root.dataset.locale = locale;
    root.lang = locale;
    document.documentElement.lang = locale;
    provider.locale = locale;
    check(`input[name=locale][value="${locale}"]`);
    renderSummary();
  }

  function setTheme(theme) {
    state.theme = theme;
    sessionStorage.setItem(`${STORE}:theme`, theme);
    root.dataset.theme = theme;
    provider.theme = theme;
    check(`input[name=theme][value="${theme}"]`);
  }

  function check(selector) {
    const input = $(selector);
    if (input) input.checked = true;
  }

  // --- pages (hash routing: #/sales, #/accounts, #/deal-room, #/finance) --------------------
  function currentPage() {
    const page = location.hash.replace(/^#\/?/, '');
    return PAGES.includes(page) ? page : 'sales';
  }

  function showPage() {
    const page = currentPage();
    for (const section of root.querySelectorAll('section[data-page]'))
      section.hidden = section.dataset.page !== page;
    for (const link of root.querySelectorAll('nav a[data-page]')) {
      if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    return load(page);
  }

  /** Loads the current page's lists once per user; `settled()` waits for the latest load. */
  function load(page) {
    if (state.loaded.has(page) || !state.client) return state.pending;
    state.loaded.add(page);
    const loaders = {
      sales: async () => {},
      accounts: loadCustomers,
      'deal-room': () => loadDeals(),
      finance: loadFinance,
    };
    state.pending = loaders[page]().catch((error) => {
      state.loaded.delete(page);
      showProblem(page, error);
    });
    return state.pending;
  }

  function showProblem(page, error) {
    const section = $(`#page-${page}`);
    let note = section.querySelector('.problem');
    if (!note) {
      note = document.createElement('p');
      note.className = 'problem';
      note.setAttribute('role', 'alert');
      section.querySelector('.lead').after(note);
    }
    note.textContent = error?.message ?? String(error);
  }

  // --- Accounts: a customer list beside lode-customer-card ----------------------------------
  async function loadCustomers() {
    const search = $('#customer-search').value.trim();
    const { items } = await state.client.partners.list.query({
      kind: 'customer',
      limit: 100,
      ...(search ? { search } : {}),
    });
    const card = $('lode-customer-card');
    const list = $('#customer-list');
    const selected = items.some((p) => p.id === card.partnerId) ? card.partnerId : items[0]?.id;
    list.replaceChildren(
      ...items.map((p) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.id = String(p.id);
        button.setAttribute('aria-pressed', String(p.id === selected));
        const name = document.createElement('span');
        name.className = 'name';
        name.textContent = p.name;
        const where = document.createElement('span');
        where.className = 'meta';
        where.textContent = [p.region, p.customerGroup].filter(Boolean).join(' · ');
        button.append(name, where);
        const item = document.createElement('li');
        item.append(button);
        return item;
      }),
    );
    if (!items.length)
      list.append(listNote('没有可见的客户。', 'No customers visible to this user.'));
    card.hidden = selected === undefined;
    if (selected !== undefined) card.partnerId = selected;
  }

  function chooseCustomer(button) {
    for (const other of root.querySelectorAll('#customer-list button'))
      other.setAttribute('aria-pressed', String(other === button));
    $('lode-customer-card').partnerId = Number(button.dataset.id);
  }

  function listNote(zh, en) {
    const item = document.createElement('li');
    item.className = 'note';
    item.append(bilingual(zh, en));
    return item;
  }

  // --- Deal room: an opportunity picker with lode-quote-editor ------------------------------
  /** Lists the open deals and opens `preferred`, else the latest quote's deal, else the first. */
  async function loadDeals(preferred) {
    const [deals, quoted] = await Promise.all([
      state.client.opportunities.list.query({ status: 'open', limit: 200 }),
      state.client.quotes.list.query({ limit: 1 }),
    ]);
    const picker = $('#opportunity-picker');
    picker.replaceChildren(
      ...deals.items.map((o) => option(o.id, `${o.name} · ${o.partnerName} · ${o.ownerName}`)),
    );
    const chosen = preferred ?? quoted.items[0]?.opportunityId ?? deals.items[0]?.id;
    $('lode-quote-editor').hidden = chosen === undefined;
    if (chosen === undefined) return;
    // A won deal's quote (or one opened from the board) is not among the open deals: add it.
    if (!deals.items.some((o) => o.id === chosen)) {
      const deal = await state.client.opportunities.get.query({ id: chosen });
      picker.prepend(option(chosen, `${deal.name} · ${deal.partnerName}`));
    }
    picker.value = String(chosen);
    await openDeal(chosen);
  }

  async function openDeal(opportunityId) {
    const { items } = await state.client.quotes.list.query({ opportunityId, limit: 1 });
    const editor = $('lode-quote-editor');
    if (items[0]) {
      editor.opportunityId = undefined;
      editor.quoteId = items[0].id;
    } else {
      editor.quoteId = undefined;
      editor.opportunityId = opportunityId;
    }
  }

  // --- Finance: receivables summary, an order picker with lode-payment-plan ----------------
  let aging;

  async function loadFinance() {
    const planDefined = Boolean(window.customElements.get('lode-payment-plan'));
    $('#plan-missing').hidden = planDefined;
    const [report, orders, overdue] = await Promise.all([
      state.client.reports.receivablesAging.query({ groupBy: 'customer' }),
      state.client.orders.list.query({ limit: 200 }),
      state.client.paymentPlans.overdue.query({ limit: 1 }),
    ]);
    aging = report;
    renderSummary();
    const picker = $('#order-picker');
    picker.replaceChildren(
      ...orders.items.map((o) =>
        option(
          o.id,
          `${o.number} · ${o.partnerName} · ${money(o.totals.gross, o.totals.currency)}`,
        ),
      ),
    );
    const plan = $('lode-payment-plan');
    // Open an order with an overdue installment: the plan then has something to say.
    const late = overdue.items[0]?.orderId;
    const chosen = orders.items.some((o) => o.id === late) ? late : orders.items[0]?.id;
    plan.hidden = !planDefined || chosen === undefined;
    if (chosen !== undefined) {
      picker.value = String(chosen);
      plan.orderId = chosen;
    }
  }

  function renderSummary() {
    const box = $('#receivables-summary');
    if (!aging) return box.replaceChildren();
    const { totals, currency, asOf } = aging;
    const figure = (zh, en, value, tone) => {
      const item = document.createElement('div');
      item.className = `figure ${tone ?? ''}`;
      const label = document.createElement('dt');
      label.append(bilingual(zh, en));
      const amount = document.createElement('dd');
      amount.textContent = value;
      item.append(label, amount);
      return item;
    };
    const figures = document.createElement('dl');
    figures.append(
      figure('应收合计', 'Owed', money(totals.total, currency)),
      figure('已逾期', 'Overdue', money(totals.overdue, currency), totals.overdue ? 'danger' : ''),
      figure('逾期 90 天以上', 'Over 90 days', money(totals.d90_plus, currency)),
      figure('未结分期', 'Open installments', count(totals.count)),
    );
    const top = document.createElement('ol');
    top.className = 'top-debtors';
    for (const row of aging.rows.slice(0, 3)) {
      const item = document.createElement('li');
      item.textContent = `${row.name ?? '—'}: ${money(row.total, currency)}`;
      top.append(item);
    }
    const heading = document.createElement('h3');
    heading.append(bilingual(`应收账款（截至 ${asOf}）`, `Receivables as of ${asOf}`));
    const topHeading = document.createElement('h4');
    topHeading.append(bilingual('欠款最多的客户', 'Largest balances'));
    box.replaceChildren(heading, figures, ...(aging.rows.length ? [topHeading, top] : []));
  }

  // --- formatting: exact money from minor units (no floating point) ------------------------
  function money(minor, currency) {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    const sign = minor < 0 ? '-' : '';
    const whole = String(Math.abs(minor)).padStart(digits + 1, '0');
    const decimal = digits ? `${whole.slice(0, -digits)}.${whole.slice(-digits)}` : whole;
    return new Intl.NumberFormat(state.locale, { style: 'currency', currency }).format(
      `${sign}${decimal}`,
    );
  }

  function count(n) {
    return new Intl.NumberFormat(state.locale).format(n);
  }

  function option(value, text) {
    const element = document.createElement('option');
    element.value = String(value);
    element.textContent = text;
    return element;
  }

  function bilingual(zh, en) {
    const both = document.createDocumentFragment();
    for (const [lang, text] of [
      ['zh', zh],
      ['en', en],
    ]) {
      const span = document.createElement('span');
      span.dataset.l = lang;
      span.textContent = text;
      both.append(span);
    }
    return both;
  }

  // --- wiring ------------------------------------------------------------------------------
  $('#switches').addEventListener('submit', (event) => event.preventDefault());
  $('#user-switch').addEventListener('change', (event) => {
    state.pending = signIn(event.target.value).then(showPage);
  });
  for (const input of root.querySelectorAll('input[name=locale]'))
    input.addEventListener('change', () => setLocale(input.value));
  for (const input of root.querySelectorAll('input[name=theme]'))
    input.addEventListener('change', () => setTheme(input.value));
  $('#customer-list').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-id]');
    if (button) chooseCustomer(button);
  });
  let searchTimer;
  $('#customer-search').addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      state.loaded.delete('accounts');
      load('accounts');
    }, 250);
  });
  $('#opportunity-picker').addEventListener('change', (event) => {
    state.pending = openDeal(Number(event.target.value));
  });
  $('#order-picker').addEventListener('change', (event) => {
    $('lode-payment-plan').orderId = Number(event.target.value);
  });
  // A card opened on the board leads to its deal room.
  $('lode-funnel-board').addEventListener('lode-opportunity-open', (event) => {
    state.loaded.add('deal-room');
    state.pending = loadDeals(event.opportunity.id);
    location.hash = '#/deal-room';
  });
  window.addEventListener('hashchange', showPage);

  setLocale(state.locale);
  setTheme(state.theme);
  const ready = signIn(state.user).then(showPage);
  state.pending = ready;
  return { ready, settled: () => state.pending };
}
