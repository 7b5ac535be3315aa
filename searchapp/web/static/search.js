// Enhances the search pages; each feature also works without JavaScript:
// sort and page-size choices apply on change, "Plus…" lists a facet's values
// in place, and a facet's filter box filters its values as you type. The
// values come from the facet's own page (/facet/<key>), rendered by the server.
"use strict";

document.documentElement.classList.add("js");

const WIDE = window.matchMedia("(min-width: 761px)");
const TYPING_DELAY_MS = 200;

document.addEventListener("DOMContentLoaded", () => {
  for (const details of document.querySelectorAll("details.filters")) {
    if (WIDE.matches) details.open = true;
  }
  for (const form of document.querySelectorAll("form.facet-filter")) {
    enhanceFilter(form);
  }
});

document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) select.form.requestSubmit();
});

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-expand]");
  if (!link) return;
  event.preventDefault();
  toggleExpanded(link);
});

const served = new WeakMap(); // element → its child nodes as served, to restore them

async function toggleExpanded(link) {
  const list = document.getElementById(link.dataset.expand);
  if (list.classList.contains("expanded")) {
    restore(list);
    return;
  }
  const page = await fetchPage(link.href);
  if (!page) {
    window.location.href = link.href;
    return;
  }
  replaceList(list, page, "expanded");
}

function enhanceFilter(form) {
  const input = form.elements.namedItem("contains");
  const list = document.getElementById(form.dataset.values);
  const status = document.getElementById(form.dataset.status);
  const onFacetPage = Boolean(form.closest(".facet-page"));
  let timer = 0;
  let latest = 0;

  async function update() {
    const asked = ++latest;
    const url = new URL(form.action);
    url.search = new URLSearchParams(new FormData(form)).toString();
    const page = await fetchPage(url);
    if (asked !== latest) return; // a newer request is on its way
    if (!page) {
      form.submit();
      return;
    }
    if (onFacetPage) {
      replaceList(list, page, "");
      history.replaceState(null, "", url);
    } else if (input.value.trim()) {
      replaceList(list, page, "filtered");
    } else {
      restore(list);
    }
    status.textContent = page.getElementById("status-page").textContent.replace(/\s+/g, " ").trim();
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, TYPING_DELAY_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
}

async function fetchPage(url) {
  try {
    const response = await fetch(url, { headers: { Accept: "text/html" } });
    if (!response.ok) return null;
    return new DOMParser().parseFromString(await response.text(), "text/html");
  } catch {
    return null;
  }
}

// Put the values of the same list in a fetched page into `list`; `state` is
// "expanded" (all values), "filtered" (values matching the filter box) or "".
function replaceList(list, page, state) {
  const fresh = page.getElementById(list.id);
  if (!fresh) return;
  remember(list);
  list.replaceChildren(...Array.from(fresh.children, (item) => document.importNode(item, true)));
  list.classList.toggle("expanded", state !== "");
  setMore(list, state);
}

function restore(list) {
  if (!served.has(list)) return;
  list.replaceChildren(...served.get(list));
  list.classList.remove("expanded");
  setMore(list, "");
}

function remember(element) {
  if (!served.has(element)) served.set(element, Array.from(element.childNodes));
}

function setMore(list, state) {
  const link = document.querySelector(`a[data-expand="${list.id}"]`);
  if (!link) return;
  remember(link);
  link.hidden = state === "filtered";
  link.setAttribute("aria-expanded", String(state === "expanded"));
  if (state === "expanded") {
    link.textContent = "Moins";
  } else {
    link.replaceChildren(...served.get(link));
  }
}
