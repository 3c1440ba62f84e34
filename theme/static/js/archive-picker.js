/* The date picker "Các tin đã đưa ngày" (plugins/archives, partials/date_picker.html).
 *
 * Without this script the form is a GET to the archive index that the web server
 * answers with the day's (or its month's) page. With it, choosing a day loads the list
 * of days that have news (luu-tru/ngay-co-tin.json, fetched only now) and opens that
 * day's page, or the nearest earlier day with news; the day page then says which day
 * was asked for. No other host is contacted.
 */
(function () {
  "use strict";

  // The form's fields, also carried to the day page so it can say what was asked.
  var FIELDS = ["ngay", "thang", "nam"];

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function isoToKey(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return match ? Number(match[1] + match[2] + match[3]) : null;
  }

  // {ngay: "09", thang: "08", nam: "2019"} -> 20190809; null unless a real day.
  function partsToKey(get) {
    var day = Number(get("ngay")), month = Number(get("thang")), year = Number(get("nam"));
    if (!day || !month || !year) { return null; }
    var real = new Date(Date.UTC(year, month - 1, day));
    if (real.getUTCDate() !== day || real.getUTCMonth() !== month - 1) { return null; }
    return year * 10000 + month * 100 + day;
  }

  function keyToParts(key) {
    return { yyyy: String(Math.floor(key / 10000)), mm: pad(Math.floor(key / 100) % 100), dd: pad(key % 100) };
  }

  function showDay(key) {
    var p = keyToParts(key);
    return p.dd + "/" + p.mm + "/" + p.yyyy;
  }

  // {"2019": {"8": [9, 12]}} -> [20190809, 20190812], ascending.
  function flattenDays(days) {
    var keys = [];
    Object.keys(days).forEach(function (year) {
      Object.keys(days[year]).forEach(function (month) {
        days[year][month].forEach(function (day) {
          keys.push(Number(year) * 10000 + Number(month) * 100 + day);
        });
      });
    });
    return keys.sort(function (a, b) { return a - b; });
  }

  // The wanted day if it has news, else the nearest earlier one, else the oldest.
  function nearestDay(keys, wanted) {
    var low = 0, high = keys.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (keys[middle] <= wanted) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found >= 0 ? keys[found] : keys[0];
  }

  function dayUrl(template, key) {
    var parts = keyToParts(key);
    return template.replace(/\{(yyyy|mm|dd)\}/g, function (_, name) { return parts[name]; });
  }

  function onSubmit(event) {
    var form = event.currentTarget;
    if (!window.fetch) { return; }  // let the server answer the form
    event.preventDefault();
    var status = form.querySelector(".date-picker-status");
    var get = function (name) { return form.elements[name].value; };
    var wanted = partsToKey(get);
    if (wanted === null) {
      status.textContent = "Ngày " + get("ngay") + "/" + get("thang") + "/" + get("nam") + " không có trong lịch.";
      return;
    }
    status.textContent = "Đang tìm…";
    var root = new URL(form.getAttribute("data-root"), window.location.href);
    fetch(new URL(form.getAttribute("data-days"), window.location.href))
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var keys = flattenDays(data.days);
        if (!keys.length) { form.submit(); return; }
        var target = new URL(dayUrl(data.day_url, nearestDay(keys, wanted)), root);
        FIELDS.forEach(function (name) { target.searchParams.set(name, get(name)); });
        window.location.assign(target.href);
      })
      .catch(function () { form.submit(); });  // e.g. opened from disk: the index
  }

  // On a day page reached for another day: say so.
  function explainArrival() {
    var notice = document.querySelector(".archive-notice[data-archive-day]");
    var query = new URLSearchParams(window.location.search);
    var asked = partsToKey(function (name) { return query.get(name); });
    if (!notice || asked === null) { return; }
    var shown = isoToKey(notice.getAttribute("data-archive-day"));
    if (asked === shown) { return; }
    notice.textContent = asked > shown
      ? "Không có tin ngày " + showDay(asked) + "; đang hiển thị ngày gần nhất trước đó: " + showDay(shown)
      : "Không có tin ngày " + showDay(asked) + " và những ngày trước đó; đang hiển thị ngày sớm nhất có tin: " + showDay(shown);
    notice.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.date-picker"), function (form) {
      form.addEventListener("submit", onSubmit);
    });
    explainArrival();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
