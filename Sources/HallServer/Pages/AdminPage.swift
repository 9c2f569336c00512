extension Pages {
    /// `/admin?token=`: the live hall for its managers. Every window and its ticket, who waits
    /// per service and the waits past their limit, the devices and their health, and today's
    /// figures: tickets, waiting and service times per service and window, ratings and the
    /// poor ones to follow up.
    static let admin = #"""
        <title>大厅管理 / Hall admin</title>
        <style>
          main { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; padding: 1em; font-size: 17px; }
          section h2 { margin: 0 0 .5em; font-size: 1.2em; }
          .wide { grid-column: 1 / -1; }
          .state-ready { color: var(--green); } .state-faulted, .state-absent { color: var(--red); } .state-degraded { color: var(--amber); }
          .alert { color: var(--red); font-weight: bold; }
          td.n { text-align: right; font-variant-numeric: tabular-nums; }
        </style>
        <body>
        <header class="bar"><h1 id="hall">大厅管理</h1><span id="summary"></span></header>
        <div id="message" class="message"></div>
        <main>
          <section class="card"><h2>窗口 <span class="en">Windows</span></h2><table><thead><tr><th>窗口</th><th>状态</th><th>当前号</th><th>等候</th></tr></thead><tbody id="windows"></tbody></table></section>
          <section class="card"><h2>排队 <span class="en">Queues</span></h2><table><thead><tr><th>事项</th><th>等候</th><th>预计</th></tr></thead><tbody id="queues"></tbody></table>
            <h2 style="margin-top:1em">超时预警 <span class="en">Overdue waits</span></h2><table><tbody id="overdue"></tbody></table></section>
          <section class="card wide"><h2>今日统计 <span class="en">Today</span></h2><table><thead><tr><th>事项 / 窗口</th><th>取号</th><th>办结</th><th>平均等候</th><th>90% 等候</th><th>平均办理</th><th>90% 办理</th><th>评价</th></tr></thead><tbody id="figures"></tbody></table></section>
          <section class="card"><h2>差评跟进 <span class="en">Poor ratings to follow up</span></h2><table><tbody id="followups"></tbody></table></section>
          <section class="card wide"><h2>设备诊断 <span class="en">Devices and diagnostics</span></h2><table><tbody id="devices"></tbody></table></section>
        </main>
        <script>
        const states = {ready: "正常", degraded: "不稳定", faulted: "故障", absent: "未连接", unknown: "未识别", busy: "忙"};
        const minutes = (value) => value === null || value === undefined ? "—" : value + " 分";
        async function load() {
          try {
            const [windows, services, figures, devices, display, advice] = await Promise.all([
              api("GET", "/api/v1/windows"), api("GET", "/api/v1/services"), api("GET", "/api/v1/stats/today"), api("GET", "/api/v1/devices"), api("GET", "/api/v1/display"),
              api("GET", "/api/v1/diagnostics")]);
            $("#hall").textContent = display.hall + " · 大厅管理";
            const waiting = services.reduce((sum, s) => sum + s.waiting, 0);
            $("#summary").textContent = "等候 " + waiting + " 人 · 最长等候 " + figures.longestWaitMinutes + " 分钟";
            $("#windows").replaceChildren(...windows.map((w) => el("tr", {"data-window": w.number},
              el("td", {}, w.number + " " + w.name), el("td", {}, w.paused ? "暂停" : (w.current ? (w.current.state === "serving" ? "办理中" : "已呼叫") : "空闲")),
              el("td", {class: "number"}, w.current ? w.current.number : "—"), el("td", {class: "n"}, String(w.waiting)))));
            $("#queues").replaceChildren(...services.map((s) => el("tr", {"data-service": s.id},
              el("td", {}, s.name), el("td", {class: "n"}, String(s.waiting)), el("td", {class: "n"}, s.openNow ? "约 " + s.estimatedWaitMinutes + " 分" : "未开放"))));
            $("#overdue").replaceChildren(...(figures.overdue.length ? figures.overdue.map((o) => el("tr", {class: "alert"},
              el("td", {class: "number"}, o.number), el("td", {}, o.service), el("td", {}, "已等 " + o.waitedMinutes + " 分（限 " + o.limitMinutes + " 分）")))
              : [el("tr", {}, el("td", {}, "无超时 / none"))]));
            const rows = [];
            const row = (label, t, key) => el("tr", {"data-figures": key}, el("td", {}, label), el("td", {class: "n"}, String(t.tickets)), el("td", {class: "n"}, String(t.served)),
              el("td", {class: "n"}, minutes(t.meanWaitMinutes)), el("td", {class: "n"}, minutes(t.p90WaitMinutes)), el("td", {class: "n"}, minutes(t.meanServiceMinutes)),
              el("td", {class: "n"}, minutes(t.p90ServiceMinutes)), el("td", {}, Object.entries(t.ratings).map(([level, count]) => level + " " + count).join("，") || "—"));
            for (const s of services) if (figures.services[s.id] && figures.services[s.id].tickets) rows.push(row(s.name, figures.services[s.id], "service-" + s.id));
            for (const w of windows) if (figures.windows[w.number] && figures.windows[w.number].tickets) rows.push(row(w.number + " 号窗口", figures.windows[w.number], "window-" + w.number));
            $("#figures").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", {}, "今日暂无 / nothing yet today"))]));
            $("#followups").replaceChildren(...(figures.followUps.length ? figures.followUps.map((f) => el("tr", {"data-followup": f.number},
              el("td", {class: "number"}, f.number), el("td", {}, f.window + " 号窗口"), el("td", {class: "alert"}, f.level), el("td", {}, f.reasons.join("、") || "—")))
              : [el("tr", {}, el("td", {}, "无 / none"))]));
            // Each device in plain words, with what to do, and a test button (a test page, a pattern).
            $("#devices").replaceChildren(...devices.map((d) => {
              const a = advice.find((item) => item.device === d.id) || {};
              const result = el("td", {class: "test-result"});
              return el("tr", {"data-device": d.id},
                el("td", {}, d.id), el("td", {class: "state-" + d.state}, states[d.state] || d.state), el("td", {}, a.finding || d.reason || ""),
                el("td", {class: a.fix ? "alert" : ""}, a.fix || ""),
                el("td", {}, el("button", {class: "secondary", onclick: () => test(d.id, result)}, "测试 Test")), result);
            }));
          } catch (error) { show("#message", error.message); }
        }
        async function test(id, cell) {
          cell.textContent = "测试中… / testing…";
          try {
            const result = await api("POST", "/api/v1/devices/" + encodeURIComponent(id) + "/test", {});
            cell.textContent = result.steps.map((s) => (s.ok ? "✔ " : "✘ ") + s.step + "：" + s.result).join("；");
            cell.className = "test-result " + (result.ok ? "state-ready" : "alert");
          } catch (error) { cell.textContent = error.message; cell.className = "test-result alert"; }
        }
        let pending = null;
        const soon = () => { if (!pending) pending = setTimeout(() => { pending = null; load(); }, 200); };
        follow(Object.fromEntries(["ticket.issued", "ticket.called", "ticket.finished", "ticket.no-show", "ticket.transferred", "ticket.serving", "ticket.evaluated",
          "ticket.cancelled", "window.paused", "window.resumed", "device.changed", "day.opened"].map((name) => [name, soon])), soon);
        load();
        setInterval(load, 30000);
        </script>
        </body>
        """#
}
