// solieu workbench: uploads, and the review keys. No library, no network beyond this site.
(function () {
  "use strict";
  const $ = (sel, el) => (el || document).querySelector(sel);
  const $$ = (sel, el) => Array.from((el || document).querySelectorAll(sel));
  const toast = (msg, bad) => { const t = $("#toast"); if (!t) return; t.textContent = msg; t.className = bad ? "bad show" : "show";
    clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.className = ""; }, 4000); };

  // who decides: remembered in this browser
  const reviewer = $("#reviewer");
  if (reviewer) {
    reviewer.value = localStorage.getItem("solieu.reviewer") || "";
    reviewer.addEventListener("change", () => localStorage.setItem("solieu.reviewer", reviewer.value.trim()));
  }
  function who() {
    const name = reviewer ? reviewer.value.trim() : "";
    if (!name) { toast("Nhập tên người kiểm tra ở góc trên trước đã.", true); if (reviewer) reviewer.focus(); }
    return name;
  }

  async function post(url, body) {
    const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body), credentials: "same-origin" });
    const data = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(data.error_vi || data.error || ("HTTP " + r.status));
    return data;
  }

  // ---- ingest: one request per file, each with its own row -----------------------------
  const form = $("#ingest-form");
  if (form) {
    const input = $("#files"), drop = $("#drop"), table = $("#progress");
    const STATUS = { ok: "đã đọc", known: "đã có trong kho", skipped: "bỏ qua", error: "lỗi" };
    async function send(files) {
      table.hidden = false;
      for (const file of files) {
        const row = table.tBodies[0].insertRow();
        row.insertCell().textContent = file.name;
        const st = row.insertCell(); st.textContent = "đang đọc…";
        const n = row.insertCell(), why = row.insertCell();
        const fd = new FormData(); fd.append("files", file, file.name); fd.append("modified", String(file.lastModified || ""));
        try {
          const r = await fetch("/api/ingest", { method: "POST", body: fd, headers: { "X-Solieu": "1" }, credentials: "same-origin" });
          const data = await r.json();
          if (!r.ok) throw new Error(data.error_vi || data.error);
          const res = data[0];
          st.textContent = STATUS[res.status] || res.status; row.className = "st-" + res.status;
          n.textContent = res.figures;
          why.textContent = res.reason ? res.reason + (res.reason_en ? " (" + res.reason_en + ")" : "") : "";
          if (res.id) { const a = document.createElement("a"); a.href = "/documents/" + res.id; a.textContent = "xem";
            why.append(" "); why.append(a); }
        } catch (e) { st.textContent = "lỗi"; row.className = "st-error"; why.textContent = e.message; }
      }
      // the rounds, files not read and downloads as they are now (the progress rows stay)
      try {
        const r = await fetch(location.pathname, { credentials: "same-origin" });
        if (!r.ok) throw new Error("HTTP " + r.status);
        const fresh = new DOMParser().parseFromString(await r.text(), "text/html");
        const main = $("main");
        $$("main > section:not(.ingest)").forEach((s) => s.remove());
        $$("main > section:not(.ingest)", fresh).forEach((s) => main.append(document.importNode(s, true)));
        toast("Đã nạp xong " + files.length + " tệp.");
      } catch (e) { toast("Đã nạp xong " + files.length + " tệp. Tải lại trang để xem các kỳ."); }
    }
    form.addEventListener("submit", (ev) => { ev.preventDefault(); if (input.files.length) send(Array.from(input.files)); });
    drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", async (ev) => {
      ev.preventDefault(); drop.classList.remove("over");
      const files = [];
      const walk = async (entry) => {
        if (entry.isFile) { files.push(await new Promise((ok, bad) => entry.file(ok, bad))); }
        else if (entry.isDirectory) {
          const reader = entry.createReader();
          let batch; do { batch = await new Promise((ok, bad) => reader.readEntries(ok, bad)); for (const e of batch) await walk(e); } while (batch.length);
        }
      };
      const items = Array.from(ev.dataTransfer.items || []).map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
      if (items.length) { for (const e of items) await walk(e); } else { files.push(...ev.dataTransfer.files); }
      send(files);
    });
  }

  // ---- review --------------------------------------------------------------------------
  const list = $("#figures");
  if (!list) return;
  let current = null;
  const items = () => $$("#figures > li.fig");
  function select(li, scroll) {
    if (!li) return;
    if (current) current.classList.remove("current");
    current = li; li.classList.add("current"); li.focus({ preventScroll: true });
    if (scroll !== false) li.scrollIntoView({ block: "nearest" });
    $$(".box.current, mark.current").forEach((b) => b.classList.remove("current"));
    $$('[data-fig="' + li.dataset.id + '"]').forEach((b) => { b.classList.add("current"); if (scroll !== false) b.scrollIntoView({ block: "center" }); });
  }
  function move(step) {
    const all = items(); const i = all.indexOf(current);
    select(all[Math.max(0, Math.min(all.length - 1, i + step))]);
  }
  function nextUndecided() {
    const all = items(); const i = all.indexOf(current);
    const left = all.filter((li) => li.classList.contains("check") && !li.classList.contains("done")).length;
    const counter = $("#left-check"); if (counter) counter.textContent = String(left);
    if (!left) toast("Đã xem hết các số liệu cần kiểm tra của báo cáo này.");
    const next = all.slice(i + 1).concat(all.slice(0, i)).find((li) => !li.classList.contains("done"));
    select(next || current);
  }
  const NAMES = { accept: "Đã chấp nhận", correct: "Đã sửa", reject: "Đã loại bỏ" };
  function show(li, fig) {
    li.classList.remove("accept", "correct", "reject"); li.classList.add("done", fig.decision.action);
    $(".v", li).textContent = fig.value === null ? "" : Number(fig.value).toLocaleString("vi-VN");
    li.dataset.value = fig.value;
    $(".status", li).textContent = NAMES[fig.decision.action] + " bởi " + fig.decision.reviewer +
      (fig.decision.action === "correct" && fig.decision.original_value !== null ? " (giá trị cũ " + Number(fig.decision.original_value).toLocaleString("vi-VN") + ")" : "");
  }
  async function decide(li, body) {
    const name = who(); if (!name) return false;
    try {
      const fig = await post("/api/figures/" + li.dataset.id + "/decision", Object.assign({ reviewer: name }, body));
      show(li, fig); toast(NAMES[body.action] + ": " + $(".what", li).textContent.trim());
      const edit = $("form.edit", li); if (edit) edit.remove();
      nextUndecided(); refreshFindings(); return true;
    } catch (e) { toast(e.message, true); return false; }
  }
  function edit(li) {
    if ($("form.edit", li)) { $(".e-value", li).focus(); return; }
    const f = $("#edit-template").content.firstElementChild.cloneNode(true);
    li.append(f);
    $(".e-value", f).value = (li.dataset.value || "").replace(".", ",");  // 0.485 → "0,485": the comma starts the decimals
    $(".e-indicator", f).value = li.dataset.indicator; $(".e-category", f).value = li.dataset.category;
    $(".e-start", f).value = li.dataset.start; $(".e-end", f).value = li.dataset.end;
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const body = { action: "correct", value: $(".e-value", f).value.trim(), note: $(".e-note", f).value.trim() || null };
      if ($(".e-indicator", f).value !== li.dataset.indicator) body.indicator = $(".e-indicator", f).value;
      if ($(".e-category", f).value.trim() !== li.dataset.category) body.category = $(".e-category", f).value.trim();
      if ($(".e-start", f).value !== li.dataset.start) body.period_start = $(".e-start", f).value || null;
      if ($(".e-end", f).value !== li.dataset.end) body.period_end = $(".e-end", f).value || null;
      decide(li, body);
    });
    $(".e-cancel", f).addEventListener("click", () => { f.remove(); select(li); });
    $(".e-value", f).focus(); $(".e-value", f).select();
  }
  list.addEventListener("click", (ev) => {
    const li = ev.target.closest("li.fig"); if (!li) return;
    const act = ev.target.closest("button") && ev.target.closest("button").dataset.act;
    if (ev.target.closest("form.edit")) return;
    select(li, false);
    if (act === "accept" || act === "reject") decide(li, { action: act });
    else if (act === "edit") edit(li);
  });
  $$(".box, mark.fig").forEach((b) => b.addEventListener("click", (ev) => { ev.preventDefault(); select($("#f-" + b.dataset.fig)); }));
  document.addEventListener("keydown", (ev) => {
    const typing = ev.target.closest("input, textarea, select");
    if (ev.key === "Escape") { const f = ev.target.closest("form.edit"); if (f) { const li = f.closest("li"); f.remove(); select(li); } return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || !current) return;
    const key = ev.key;
    if (key === "j" || key === "ArrowDown") { ev.preventDefault(); move(1); }
    else if (key === "k" || key === "ArrowUp") { ev.preventDefault(); move(-1); }
    else if (key === "a") { ev.preventDefault(); decide(current, { action: "accept" }); }
    else if (key === "r") { ev.preventDefault(); decide(current, { action: "reject" }); }
    else if (key === "s" || key === "c") { ev.preventDefault(); edit(current); }
  });
  const fromHash = location.hash.startsWith("#f-") && $(location.hash);
  select(fromHash || items().find((li) => !li.classList.contains("done")) || items()[0]);

  // findings: worked out again by the server from the figures as decided, so fetched again
  // after each figure decision; the ones a decision cleared or brought are named
  async function refreshFindings() {
    try {
      const r = await fetch("/documents/" + $(".review").dataset.doc + "/findings", { credentials: "same-origin" });
      if (!r.ok) return;
      const ol = $("#findings", new DOMParser().parseFromString(await r.text(), "text/html"));
      const old = $("#findings"); if (!ol || !old) return;
      const ids = (el) => new Set($$("li.finding", el).map((li) => li.dataset.id));
      const before = ids(old), after = ids(ol);
      const gone = [...before].filter((i) => !after.has(i)).length;
      const fresh = $$("li.finding", ol).filter((li) => !before.has(li.dataset.id));
      const sev = (li) => [...li.classList].find((c) => c.startsWith("sev-"));
      const changed = $$("li.finding", ol).filter((li) => { const o = $("#x-" + CSS.escape(li.dataset.id), old);
        return o && sev(o) !== sev(li); }).length;
      fresh.forEach((li) => li.classList.add("fresh"));
      old.replaceWith(document.importNode(ol, true));
      const count = $("#findings-count"); if (count) count.textContent = ol.dataset.count;
      const said = [];
      if (gone) said.push(gone + " phát hiện không còn");
      if (fresh.length) said.push(fresh.length + " phát hiện mới");
      if (changed) said.push(changed + " phát hiện đổi mức");
      if (said.length) toast("Đã kiểm tra lại báo cáo: " + said.join(", ") + ".");
    } catch (e) { /* the list stays as it was; a reload shows it */ }
  }
  document.addEventListener("click", async (ev) => {
    const btn = ev.target.closest("#findings button"); if (!btn) return;
    const li = btn.closest("li.finding"); const name = who(); if (!name) return;
    const note = $(".reason", li).value.trim();
    if (btn.dataset.act === "waive" && !note) { toast("Bỏ qua thì ghi lý do.", true); $(".reason", li).focus(); return; }
    try {
      const x = await post("/api/findings/" + li.dataset.id + "/decision", { action: btn.dataset.act, reviewer: name, note: note || null });
      li.classList.remove("confirm", "waive"); li.classList.add("done", x.decision.action);
      $(".status", li).textContent = (x.decision.action === "confirm" ? "Đã xác nhận" : "Đã bỏ qua") + " bởi " + x.decision.reviewer + (x.decision.note ? ": " + x.decision.note : "");
      toast(x.decision.action === "confirm" ? "Đã xác nhận phát hiện" : "Đã bỏ qua phát hiện");
    } catch (e) { toast(e.message, true); }
  });

  // add a missed figure from selected text
  const add = $("#add-figure");
  document.addEventListener("mouseup", () => {
    const sel = window.getSelection(); const text = sel ? sel.toString().trim() : "";
    if (!text || text.length > 40) return;
    const block = sel.anchorNode && sel.anchorNode.parentElement && sel.anchorNode.parentElement.closest(".block");
    if (!block) return;
    $("#add-text").value = text; $("#add-value").value = text; $("#add-quote").value = block.textContent.trim();
    $("#add-block").value = block.dataset.block;
    toast("Đã lấy số “" + text + "” vào ô Thêm số liệu bị sót");
  });
  add.addEventListener("submit", async (ev) => {
    ev.preventDefault(); const name = who(); if (!name) return;
    const d = Object.fromEntries(new FormData(add).entries());
    const body = { reviewer: name, indicator: d.indicator, value: d.value, text: d.text, quote: d.quote,
      category: d.category || null, period_start: d.period_start || null, period_end: d.period_end || null,
      source: { kind: "paragraph", block: d.block ? Number(d.block) : null, page: null } };
    try { await post("/api/documents/" + $(".review").dataset.doc + "/figures", body); toast("Đã thêm số liệu"); setTimeout(() => location.reload(), 600); }
    catch (e) { toast(e.message, true); }
  });
})();
