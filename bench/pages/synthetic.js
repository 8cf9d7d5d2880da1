/* global window, document */
// Synthetic heap for the benchmark: many small class instances with properties, arrays, strings, closures,
// Map entries and DOM nodes, grown and freed in segments so one page can produce baseline/target/final snapshots.
// Loaded with page.addScriptTag; driven through window.benchPage.
(() => {
  class Item {
    constructor(serial, segment) {
      this.serial = serial;
      this.name = 'item-' + serial;
      this.tags = [serial, serial * 2, 'tag-' + (serial % 997) + '-' + segment.label];
      this.meta = { created: serial * 3, owner: segment, ratio: serial / 7 };
      this.read = () => this.name.length + this.tags.length;
    }
  }

  const segments = [];
  const byName = new Map();
  const root = document.createElement('main');
  document.body.appendChild(root);
  let serial = 0;

  function grow(units, segmentSize) {
    for (let done = 0; done < units; done += segmentSize) {
      const segment = { label: 's' + segments.length, items: [], host: document.createElement('section') };
      root.appendChild(segment.host);
      const count = Math.min(segmentSize, units - done);
      for (let i = 0; i < count; i++) {
        const item = new Item(serial++, segment);
        segment.items.push(item);
        if (item.serial % 4 === 0) byName.set(item.name, item);
        if (item.serial % 10 === 0) {
          const el = document.createElement('span');
          el.className = 'cell';
          el.textContent = item.name;
          segment.host.appendChild(el);
          item.el = el;
        }
      }
      segments.push(segment);
    }
    return serial;
  }

  /** Drops every `stride`-th segment (DOM and JS side), so freed objects are spread over the heap. */
  function free(stride) {
    for (let i = segments.length - 1; i >= 0; i -= stride) {
      const [segment] = segments.splice(i, 1);
      segment.host.remove();
      for (const item of segment.items) byName.delete(item.name);
    }
    return segments.length;
  }

  window.benchPage = { grow, free };
})();
