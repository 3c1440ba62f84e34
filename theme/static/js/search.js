/* Site search over the Pagefind bundle built with the site (plugins/site_search).
 *
 * - This file, Pagefind (pagefind.js and its WebAssembly) and the index load
 *   only when a reader searches: portal.js adds this script on the first focus
 *   of a search box, and the search page (tim-kiem/) has it. Everything comes
 *   from our own host.
 * - The index is in shards, listed in pagefind/shards.json: first the pinned
 *   shard (documents, procedures: looked up whatever their date), then runs of
 *   months, newest first. The first is Pagefind's primary bundle; the others are
 *   merged into it (mergeIndex) only when needed, each tagged with a synthetic
 *   filter naming its shard. Shards are searched in groups: the first group is
 *   the pinned shard and the newest shards up to `first_pages` pages; each
 *   "Xem kết quả cũ hơn" merges and searches the next group (twice as large), so
 *   what a reader downloads grows with the results asked for. Older results come
 *   after the newer ones.
 * - Queries are normalised to NFC (some Vietnamese keyboards send decomposed
 *   letters) and lower-cased. Pagefind matches with or without accents; "dang"
 *   finds "Đảng" because the index also holds each đ-word with đ folded to d.
 * - Among the first results of a group, pages that contain the query as typed
 *   (same diacritics, words side by side) come first, then pages with the folded
 *   phrase, then the rest in Pagefind's order.
 * - Excerpts are built here from the real text, so a hit on a folded copy is
 *   shown, and highlighted, as the real Vietnamese word.
 */
(function () {
  "use strict";

  if (window.siteSearchStarted) return;  // the page may add this script twice
  window.siteSearchStarted = true;

  var PAGE_SIZE = 10;       // results shown per step ("Xem thêm kết quả")
  var RANK_WINDOW = 10;     // results whose text is fetched to rank phrases first
  var EXCERPT_WORDS = 30;

  var pagefindLoading = null;

  function siteRoot(element) {
    return new URL(element.getAttribute("data-search-root") || "/", document.baseURI);
  }

  function shardFilter(manifest, shard) {
    var filter = {};
    filter[manifest.filter] = shard.key;
    return filter;
  }

  function loadManifest(bundle) {
    return fetch(new URL("shards.json", bundle).href).then(function (response) {
      if (!response.ok) throw new Error("shards.json: " + response.status);
      return response.json();
    });
  }

  /* Groups of shards searched together: the pinned shard and the newest shards
   * up to `first_pages` pages, then groups twice as large each time. */
  function planGroups(manifest) {
    var groups = [[]];
    var pages = 0;
    var budget = manifest.first_pages || Infinity;
    manifest.shards.forEach(function (shard) {
      var group = groups[groups.length - 1];
      if (!shard.pinned && pages >= budget) {
        groups.push(group = []);
        pages = 0;
        budget *= 2;
      }
      group.push(shard);
      if (!shard.pinned) pages += shard.pages;
    });
    return groups;
  }

  // Resolves to the index: { pagefind, manifest, groups, ... } with the first
  // group merged in.
  function loadPagefind(root) {
    if (!pagefindLoading) {
      var bundle = new URL("pagefind/", root);
      pagefindLoading = Promise.all([
        import(new URL("pagefind.js", bundle).href), loadManifest(bundle),
      ]).then(function (loaded) {
        var manifest = loaded[1];
        var index = {
          pagefind: loaded[0], manifest: manifest, bundle: bundle,
          groups: planGroups(manifest), merged: [],
        };
        return index.pagefind.options({
          excerptLength: EXCERPT_WORDS, mergeFilter: shardFilter(manifest, manifest.shards[0]),
          metaCacheTag: manifest.shards[0].tag,
        })
          .then(function () { return index.pagefind.init(); })
          .then(function () { return mergeGroup(index, 0); })
          .then(function () { return index; });
      });
      pagefindLoading.catch(function () { pagefindLoading = null; });
    }
    return pagefindLoading;
  }

  // Merge the shards of group `number` (the primary is there from the start).
  function mergeGroup(index, number) {
    if (!index.merged[number]) {
      var primary = index.manifest.shards[0];
      index.merged[number] = Promise.all(index.groups[number].map(function (shard) {
        if (shard === primary) return null;
        return index.pagefind.mergeIndex(new URL(shard.path, index.bundle).href, {
          mergeFilter: shardFilter(index.manifest, shard), metaCacheTag: shard.tag,
        });
      }));
      index.merged[number].catch(function () { index.merged[number] = null; });
    }
    return index.merged[number];
  }

  // Pages in the groups after `number`, and the month the next one starts from.
  function olderThan(index, number) {
    var later = index.groups.slice(number + 1);
    var pages = 0;
    later.forEach(function (group) {
      group.forEach(function (shard) { pages += shard.pages; });
    });
    return { pages: pages, from: later.length ? later[0][0].newest : "" };
  }

  // Months the groups up to `number` cover: "03/2025" (the oldest searched).
  function searchedSince(index, number) {
    var group = index.groups[number].filter(function (shard) { return !shard.pinned; });
    return group.length ? group[group.length - 1].oldest : "";
  }

  /* ---- Vietnamese keys (same rules as plugins/site_search/folding.py) ---- */

  function foldD(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  // Case-insensitive, diacritics kept, punctuation dropped: "Đảng," → "đảng".
  function exactKey(word) {
    return word.normalize("NFC").toLocaleLowerCase("vi").replace(/[^\p{L}\p{N}]+/gu, "");
  }

  // What a reader may type for the word: "Đường" → "duong".
  function foldedKey(word) {
    return foldD(exactKey(word)).normalize("NFD").replace(/\p{M}+/gu, "");
  }

  // The keys Pagefind may have matched a hit word by: the whole word ("15/2024/QĐ-UBND"
  // → "152024qdubnd", for a query typed with its punctuation) and each run of letters
  // and digits in it ("alert(101)" → "alert", "101"), as Pagefind also indexes those.
  function searchableKeys(word) {
    var parts = word.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(foldedKey);
    return [foldedKey(word)].concat(parts);
  }

  function normaliseQuery(text) {
    return text.normalize("NFC").replace(/\s+/g, " ").trim();
  }

  /* ---- Reading one Pagefind record back into real words and hits ---- */

  // Pagefind numbers words by splitting its text on whitespace; so do we.
  function splitWords(text) {
    return text.split(/[\r\n\s]+/g);
  }

  function hasD(word) {
    return word.indexOf("đ") !== -1 || word.indexOf("Đ") !== -1;
  }

  /* The record text is "<title> <body> <folded copies of the đ-words>": one
   * folded copy per đ-word, in order, none containing đ. Split it, and map every
   * hit on a folded copy back to the real word it copies. */
  function readRecord(data) {
    var words = splitWords(decodeEntities(data.raw_content || ""));
    var realPositionsOfD = [];
    for (var i = 0; i < words.length; i++) {
      if (hasD(words[i])) realPositionsOfD.push(i);
    }
    var realCount = words.length - realPositionsOfD.length;
    var hits = new Set();
    (data.locations || []).forEach(function (location) {
      if (location < realCount) {
        hits.add(location);
      } else {
        var real = realPositionsOfD[location - realCount];
        if (real !== undefined) hits.add(real);
      }
    });
    var titleCount = splitWords((data.meta && data.meta.title) || "").filter(Boolean).length;
    // A document's number in every spelling ends the real text: found, not shown.
    var numberWords = parseInt((data.meta && data.meta.so_hieu_tu) || "0", 10) || 0;
    return {
      words: words.slice(0, Math.max(realCount - numberWords, titleCount)),
      found: words.slice(0, realCount),  // what hits may point at, number included
      hits: hits, titleCount: titleCount,
    };
  }

  /* Pagefind keeps a record's text with &, < and > as entities (and its
   * raw_content escapes < and > once more): the reader sees the characters.
   * One pass, so "&amp;lt;" (a "&lt;" the author wrote) stays "&lt;". */
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", "#39": "'" };

  function decodeEntities(text) {
    return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, function (entity, name) {
      return ENTITIES[name];
    });
  }

  function containsPhrase(keys, phrase) {
    if (!phrase.length) return false;
    var haystack = " " + keys.join(" ") + " ";
    return haystack.indexOf(" " + phrase.join(" ") + " ") !== -1;
  }

  // 2: the query as typed appears as a phrase; 1: its folded form does; 0: neither.
  function matchTier(record, queryWords) {
    if (!queryWords.length) return 0;
    var exact = record.words.map(exactKey).filter(Boolean);
    if (containsPhrase(exact, queryWords.map(exactKey))) return 2;
    var folded = exact.map(foldedKey);
    return containsPhrase(folded, queryWords.map(foldedKey)) ? 1 : 0;
  }

  /* ---- Searching a group of shards ---- */

  /* One search per shard of the group (restricted by its synthetic filter), so
   * that each result is known by its shard:
   * - "newest first" is each shard's own date order, newest shard first;
   * - when a shard has no word starting with a query word, Pagefind falls back
   *   to a shorter word that the query word starts with ("doi" → "do"). A shard
   *   is small, so it lacks rare words far more often than one whole index would;
   *   its results are then dropped. The test is its best result's hits: they hold
   *   a word starting with each query word unless the shard fell back. */
  function searchGroup(index, number, term, options, queryWords) {
    var manifest = index.manifest;
    return mergeGroup(index, number).then(function () {
      return Promise.all(index.groups[number].map(function (shard) {
        var filters = Object.assign({}, options.filters, shardFilter(manifest, shard));
        return index.pagefind.search(term, Object.assign({}, options, { filters: filters }))
          .then(function (search) { return search.results; });
      }));
    }).then(function (perShard) {
      // The texts of the first page, asked for now, with the shards' checks (one
      // round trip, not two: Pagefind keeps each fragment it has loaded).
      merged(perShard, options).slice(0, RANK_WINDOW).forEach(function (result) {
        result.data().catch(function () {});
      });
      return Promise.all(perShard.map(function (results) {
        return keepIfMatched(results, queryWords);
      }));
    }).then(function (perShard) { return merged(perShard, options); });
  }

  function merged(perShard, options) {
    var results = [].concat.apply([], perShard);
    // Relevance: by score across shards, as Pagefind merges (the sort is stable).
    if (!options.sort) results.sort(function (a, b) { return b.score - a.score; });
    return results;
  }

  function keepIfMatched(results, queryWords) {
    if (!results.length || !queryWords.length) return Promise.resolve(results);
    return results[0].data().then(function (data) {
      var record = readRecord(data);
      var hitKeys = [].concat.apply([], Array.from(record.hits).map(function (i) {
        return searchableKeys(record.found[i] || "");
      }));
      var matched = queryWords.every(function (word) {
        var key = foldedKey(word);
        return hitKeys.some(function (hit) { return hit.indexOf(key) === 0; });
      });
      return matched ? results : [];
    });
  }

  /* ---- Rendering ---- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Append words[start..end) to parent, each hit wrapped in <mark>.
  function appendWords(parent, words, hits, start, end) {
    for (var i = start; i < end; i++) {
      if (i > start) parent.appendChild(document.createTextNode(" "));
      if (hits.has(i)) parent.appendChild(el("mark", "", words[i]));
      else parent.appendChild(document.createTextNode(words[i]));
    }
  }

  // The body window of EXCERPT_WORDS words holding the most hits.
  function excerptStart(record) {
    var first = record.titleCount;
    var last = record.words.length;
    var bodyHits = Array.from(record.hits).filter(function (i) { return i >= first; });
    if (!bodyHits.length || last - first <= EXCERPT_WORDS) return first;
    bodyHits.sort(function (a, b) { return a - b; });
    var best = bodyHits[0];
    var bestCount = 0;
    for (var i = 0, j = 0; i < bodyHits.length; i++) {
      while (bodyHits[j] - bodyHits[i] < EXCERPT_WORDS && j < bodyHits.length) j++;
      if (j - i > bestCount) { bestCount = j - i; best = bodyHits[i]; }
    }
    // Start a few words before the first hit, for context.
    return Math.max(first, Math.min(best - 4, last - EXCERPT_WORDS));
  }

  function renderResult(item, root) {
    var data = item.data;
    var record = item.record;
    var meta = data.meta || {};
    var li = el("li", "search-result");
    var article = el("article");
    var heading = el("h2", "search-result-title");
    var link = el("a");
    link.href = new URL(data.raw_url.replace(/^\//, ""), root).href;
    // The title as written (Pagefind ends the indexed heading with a full stop);
    // its words are the record's first words, so the hit positions line up.
    var titleWords = splitWords(meta.title || "").filter(Boolean);
    appendWords(link, titleWords, record.hits, 0, titleWords.length);
    heading.appendChild(link);
    article.appendChild(heading);

    var info = el("p", "search-result-meta");
    if (meta.loai) info.appendChild(el("span", "search-result-type", meta.loai));
    if (meta.ngay) {
      var time = el("time", "", meta.ngay);
      if (meta.ngay_iso) time.setAttribute("datetime", meta.ngay_iso);
      if (info.childNodes.length) info.appendChild(document.createTextNode(" · "));
      info.appendChild(time);
    }
    if (meta.chuyen_muc) {
      info.appendChild(document.createTextNode(" · "));
      info.appendChild(el("span", "search-result-category", meta.chuyen_muc));
    }
    article.appendChild(info);

    var excerpt = el("p", "search-result-excerpt");
    var start = excerptStart(record);
    var end = Math.min(record.words.length, start + EXCERPT_WORDS);
    if (start > record.titleCount) excerpt.appendChild(document.createTextNode("… "));
    appendWords(excerpt, record.words, record.hits, start, end);
    if (end < record.words.length) excerpt.appendChild(document.createTextNode(" …"));
    article.appendChild(excerpt);
    li.appendChild(article);
    return li;
  }

  /* ---- The search page ---- */

  function SearchPage(section) {
    this.section = section;
    this.root = siteRoot(section);
    this.form = section.querySelector("[data-search-form]");
    this.status = section.querySelector("[data-search-status]");
    this.list = section.querySelector("[data-search-results]");
    this.more = section.querySelector("[data-search-more]");
    this.older = section.querySelector("[data-search-older]");
    this.generation = 0;
  }

  SearchPage.prototype.start = function () {
    var page = this;
    hideNode(page.section.querySelector("[data-search-nojs]"));
    page.form.hidden = false;
    var params = new URLSearchParams(window.location.search);
    page.fields().forEach(function (field) {
      if (params.has(field.name)) field.value = params.get(field.name);
    });
    page.showDocumentFilters();
    page.form.addEventListener("submit", function (event) {
      event.preventDefault();
      page.run(true);
    });
    Array.prototype.forEach.call(page.form.querySelectorAll("select"), function (select) {
      select.addEventListener("change", function () {
        page.showDocumentFilters();
        page.run(true);
      });
    });
    page.form.elements.q.addEventListener("focus", function () {
      loadPagefind(page.root).catch(function () {});
    }, { once: true });
    page.more.addEventListener("click", function () { page.showMore(false); });
    page.older.addEventListener("click", function () { page.searchOlder(); });
    if (page.state().q || Object.keys(page.filters()).length) page.run(false);
  };

  // The form's named fields: the query, the selects (filters), the order.
  SearchPage.prototype.fields = function () {
    return Array.prototype.filter.call(this.form.elements, function (field) {
      return field.name && field.tagName !== "BUTTON";
    });
  };

  // Every chosen filter, by Pagefind filter name (a select's name).
  SearchPage.prototype.filters = function () {
    var filters = {};
    this.fields().forEach(function (field) {
      if (field.tagName === "SELECT" && field.name !== "sap_xep" && field.value) {
        filters[field.name] = field.value;
      }
    });
    return filters;
  };

  // A document's own filters (type, year...) show once its type is chosen.
  SearchPage.prototype.showDocumentFilters = function () {
    var type = this.form.elements.loai.value;
    Array.prototype.forEach.call(
      this.form.querySelectorAll("[data-search-document-filter]"), function (box) {
        box.hidden = box.getAttribute("data-search-document-filter") !== type;
        if (box.hidden) box.querySelector("select").value = "";
      });
  };

  function hideNode(node) {
    if (node) node.hidden = true;
  }

  SearchPage.prototype.state = function () {
    var state = {};
    this.fields().forEach(function (field) { state[field.name] = field.value; });
    state.q = normaliseQuery(state.q || "");
    return state;
  };

  SearchPage.prototype.remember = function (state) {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (name) {
      if (state[name]) params.set(name, state[name]);
    });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  };

  SearchPage.prototype.run = function (remember) {
    var page = this;
    var state = page.state();
    var generation = ++page.generation;
    if (remember) page.remember(state);
    page.list.textContent = "";
    page.more.hidden = true;
    page.older.hidden = true;
    var filters = page.filters();
    if (!state.q && !Object.keys(filters).length) {
      page.status.textContent = "Nhập từ khóa cần tìm.";
      return Promise.resolve();
    }
    page.status.textContent = "Đang tìm…";
    var options = { filters: filters };
    var byDate = state.sap_xep === "moi-nhat" || !state.q;
    if (byDate) options.sort = { ngay: "desc" };
    page.query = state.q;
    page.queryWords = state.q.split(" ").filter(function (w) { return exactKey(w); });
    page.options = options;
    page.rankWindow = !byDate && page.queryWords.length > 0;
    page.pending = [];
    page.ready = [];
    page.total = 0;
    page.group = -1;
    return loadPagefind(page.root)
      .then(function (index) {
        if (generation !== page.generation) return null;
        page.index = index;
        // Pinned types (documents...) are all in the first group.
        var pinned = index.manifest.pinned_types || [];
        var onlyPinned = pinned.indexOf(state.loai) !== -1 ||
          Object.keys(filters).some(function (name) { return /^vb_/.test(name); });
        page.lastGroup = onlyPinned ? 0 : index.groups.length - 1;
        return page.searchGroup(0, generation);
      })
      .catch(function () {
        if (generation !== page.generation) return;
        page.status.textContent =
          "Không tải được bộ tìm kiếm. Hãy tải lại trang, hoặc xem Lưu trữ và các chuyên mục.";
      });
  };

  // Search the next group of shards; its results come after those shown.
  SearchPage.prototype.searchGroup = function (number, generation) {
    var page = this;
    return searchGroup(page.index, number, page.query || null, page.options,
                       page.queryWords)
      .then(function (results) {
        if (generation !== page.generation) return null;
        page.group = number;
        page.pending = page.pending.concat(results);
        page.total += results.length;
        return page.showMore(number === 0, page.rankWindow);
      });
  };

  SearchPage.prototype.searchOlder = function () {
    var page = this;
    var shown = page.list.children.length;
    page.older.hidden = true;
    page.status.textContent = "Đang tìm trong các bài cũ hơn…";
    return page.searchGroup(page.group + 1, page.generation).then(function () {
      var first = page.list.children[shown];
      if (first) first.querySelector("a").focus();
    });
  };

  // Fetch the text of the next results (Pagefind loads one fragment each).
  SearchPage.prototype.fetchNext = function (count) {
    var page = this;
    var batch = page.pending.splice(0, count);
    return Promise.all(batch.map(function (result) {
      return result.data().then(function (data) {
        return { data: data, record: readRecord(data) };
      });
    }));
  };

  /* Show the next page of results. `rank`: the first window of a group's
   * results, reordered so that phrase matches come first. */
  SearchPage.prototype.showMore = function (first, rank) {
    var page = this;
    var generation = page.generation;
    var need = PAGE_SIZE - page.ready.length;
    var fetchCount = rank ? Math.max(RANK_WINDOW, need) : Math.max(need, 0);
    return page.fetchNext(fetchCount).then(function (items) {
      if (generation !== page.generation) return;
      if (rank) {
        items.forEach(function (item, index) {
          item.tier = matchTier(item.record, page.queryWords);
          item.index = index;
        });
        items.sort(function (a, b) { return b.tier - a.tier || a.index - b.index; });
      }
      page.ready = page.ready.concat(items);
      var shown = page.ready.splice(0, PAGE_SIZE);
      var firstNew = null;
      shown.forEach(function (item) {
        var node = renderResult(item, page.root);
        if (!firstNew) firstNew = node;
        page.list.appendChild(node);
      });
      var more = page.ready.length > 0 || page.pending.length > 0;
      page.more.hidden = !more;
      // Older results are offered once this group's are all shown.
      page.older.hidden = more || page.group >= page.lastGroup;
      page.announce();
      if (!first && firstNew && !rank) firstNew.querySelector("a").focus();
    });
  };

  SearchPage.prototype.announce = function () {
    var count = this.total;
    var what = this.query ? " cho “" + this.query + "”" : "";
    var older = this.group < this.lastGroup ? olderThan(this.index, this.group) : null;
    var since = older ? searchedSince(this.index, this.group) : "";
    var scope = older && since ? " trong các bài từ tháng " + since + " đến nay" : "";
    var text;
    if (!count) {
      text = "Không tìm thấy kết quả nào" + what + scope + ".";
      if (!older) text += " Hãy thử ít từ hơn, gõ không dấu, hoặc bỏ bớt bộ lọc.";
    } else {
      text = "Tìm thấy " + count + " kết quả" + what + scope +
        " (đang hiện " + this.list.children.length + ").";
    }
    if (older) {
      text += " Còn " + older.pages.toLocaleString("vi") + " bài từ tháng " + older.from +
        " trở về trước chưa tìm: bấm “Xem kết quả cũ hơn”.";
    }
    this.status.textContent = text;
  };

  /* ---- Header boxes: warm Pagefind up on first focus ---- */

  /* While the reader types, fetch the index chunks of the words typed so far
   * (Pagefind's preload), for the newest shards: the results page then finds
   * them in the browser's cache (nginx lets it keep these hashed files). A word
   * still being typed is left out while shorter than 3 letters: Pagefind matches
   * prefixes, and "t" alone would fetch the chunks of every word in t. */
  function preloadWhileTyping(input, root) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var words = input.value.normalize("NFC").split(/\s+/);
        var last = words.length - 1;
        var term = words.filter(function (word, position) {
          return position < last ? word : exactKey(word).length >= 3;
        }).join(" ").trim();
        if (!term) return;
        loadPagefind(root).then(function (index) {
          return index.pagefind.preload(term);
        }).catch(function () {});
      }, 300);
    });
  }

  function prepareBoxes() {
    var boxes = document.querySelectorAll("form.search-box");
    Array.prototype.forEach.call(boxes, function (form) {
      var input = form.querySelector("input[name=q]");
      if (!input) return;
      preloadWhileTyping(input, siteRoot(form));
      // portal.js adds this script on the box's first focus: warm up at once.
      if (document.activeElement === input) {
        loadPagefind(siteRoot(form)).catch(function () {});
        return;
      }
      input.addEventListener("focus", function () {
        loadPagefind(siteRoot(form)).catch(function () {});
      }, { once: true });
    });
  }

  function startSearch() {
    prepareBoxes();
    var section = document.querySelector("[data-search-page]");
    if (section) new SearchPage(section).start();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startSearch);
  } else {
    startSearch();
  }
})();
