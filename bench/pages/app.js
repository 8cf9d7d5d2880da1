/* global window, document, Event */
// A small single-page "app" for the benchmark: a store with subscribers, components that render tables and cards,
// event listeners on elements and on window, Maps/WeakMaps of records, and views that leak a few detached DOM
// trees through store subscriptions when they are closed (the pattern Leaks is built to find).
// Loaded with page.addScriptTag; driven through window.benchApp.
(() => {
  class Store {
    constructor() {
      this.listeners = [];
      this.records = new Map();
      this.selection = new Set();
    }
    subscribe(listener) {
      this.listeners.push(listener);
      return () => (this.listeners = this.listeners.filter((l) => l !== listener));
    }
    select(id) {
      this.selection.add(id);
      for (const listener of this.listeners) listener(id);
    }
  }

  class RecordRow {
    constructor(record, store) {
      this.record = record;
      this.el = document.createElement('tr');
      this.el.className = 'record-row';
      for (const key of ['id', 'title', 'owner', 'status', 'price', 'updated']) {
        const cell = document.createElement('td');
        cell.textContent = String(record[key]);
        this.el.appendChild(cell);
      }
      this.onClick = () => store.select(record.id);
      this.el.addEventListener('click', this.onClick);
    }
  }

  class Card {
    constructor(record) {
      this.el = document.createElement('article');
      this.el.className = 'card card-' + record.status;
      this.el.innerHTML = `<header><h3>${record.title}</h3><span class="badge">${record.status}</span></header>
        <p class="body">${record.description}</p><footer><button class="like">Like</button></footer>`;
      this.likes = 0;
      this.el.querySelector('button').addEventListener('click', () => this.likes++);
    }
  }

  class View {
    constructor(name, records, store, app) {
      this.name = name;
      this.el = document.createElement('div');
      this.el.className = 'view view-' + name;
      const table = document.createElement('table');
      this.rows = records.map((r) => new RecordRow(r, store));
      for (const row of this.rows) table.appendChild(row.el);
      this.cards = records.slice(0, records.length / 4).map((r) => new Card(r));
      this.el.appendChild(table);
      for (const card of this.cards) this.el.appendChild(card.el);
      // The leak: the subscription closes over this view and is never removed when the view closes.
      this.unsubscribe = store.subscribe((id) => {
        if (this.el.isConnected) this.el.dataset.selected = String(id);
      });
      this.onResize = () => (this.width = this.el.clientWidth);
      window.addEventListener('resize', this.onResize);
      app.viewsByElement.set(this.el, this);
    }
    close(leak) {
      this.el.remove();
      window.removeEventListener('resize', this.onResize);
      if (!leak) this.unsubscribe();
    }
  }

  const statuses = ['open', 'closed', 'pending', 'review'];
  let nextId = 0;
  function makeRecords(count) {
    const records = [];
    for (let i = 0; i < count; i++) {
      const id = nextId++;
      records.push({
        id,
        title: `Order ${id} for customer ${id % 313}`,
        owner: { name: 'user' + (id % 97), email: `user${id % 97}@example.com` },
        status: statuses[id % statuses.length],
        price: Math.round(id * 13.7) / 10,
        updated: new Date(1700000000000 + id * 1000).toISOString(),
        description: 'Lorem ipsum dolor sit amet '.repeat(1 + (id % 5)) + id,
        history: Array.from({ length: 4 }, (_, k) => ({ at: id + k, what: 'edit-' + k })),
      });
    }
    return records;
  }

  const app = { store: new Store(), views: [], viewsByElement: new WeakMap(), cache: new Map() };
  const root = document.createElement('div');
  root.id = 'app';
  document.body.appendChild(root);
  window.addEventListener('scroll', () => (app.scrolled = window.scrollY));

  function openViews(count, recordsPerView) {
    for (let i = 0; i < count; i++) {
      const records = makeRecords(recordsPerView);
      for (const r of records) app.store.records.set(r.id, r);
      const view = new View('v' + app.views.length, records, app.store, app);
      root.appendChild(view.el);
      app.views.push(view);
      app.cache.set(
        view.name,
        records.map((r) => r.title.toUpperCase()),
      );
    }
    window.dispatchEvent(new Event('resize'));
    return app.views.length;
  }

  /** Closes every `stride`-th view; one in `leakEvery` of those keeps its subscription (a detached tree). */
  function closeViews(stride, leakEvery) {
    let closed = 0;
    for (let i = app.views.length - 1; i >= 0; i -= stride) {
      const [view] = app.views.splice(i, 1);
      view.close(closed % leakEvery === 0);
      for (const row of view.rows) app.store.records.delete(row.record.id);
      app.cache.delete(view.name);
      closed++;
    }
    return app.views.length;
  }

  window.benchApp = { openViews, closeViews };
})();
