/// The hall's TV display: who is called to which window (the newest large and highlighted for
/// a few seconds), the recent calls, who waits for each service and how long, a scrolling
/// notice, the date and time. Plain HTML, CSS and JavaScript with no external address; live
/// from the event stream, which reconnects by itself when the daemon restarts. Landscape
/// (1920x1080) and portrait (1080x1920) layouts.
enum DisplayPage {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>叫号显示 / Display</title>
        <style>
          :root { --bg: #06243f; --panel: #0b3358; --line: #1d4d7a; --text: #f4f7fb; --dim: #9fb6cc; --call: #ffd23f; --ok: #5dd39e; }
          * { box-sizing: border-box; }
          html, body { margin: 0; height: 100%; background: var(--bg); color: var(--text);
            font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; overflow: hidden; }
          body { display: grid; height: 100vh; gap: 1.2vmin; padding: 1.2vmin;
            grid-template-columns: 3fr 2fr; grid-template-rows: auto 1fr auto auto;
            grid-template-areas: "head head" "now recent" "queues queues" "notice notice"; }
          header { grid-area: head; display: flex; justify-content: space-between; align-items: baseline; padding: 0 1vmin; }
          header h1 { font-size: 5vmin; margin: 0; letter-spacing: .2vmin; }
          #clock { font-size: 4vmin; color: var(--dim); font-variant-numeric: tabular-nums; }
          #link { font-size: 2.2vmin; color: var(--dim); }
          #link.down { color: #ff7b7b; }
          section { background: var(--panel); border-radius: 1.2vmin; padding: 1.5vmin 2vmin; overflow: hidden; }
          h2 { margin: 0 0 1vmin; font-size: 3.2vmin; color: var(--dim); font-weight: normal; }
          h2 small { font-size: 2.2vmin; }
          #now { grid-area: now; display: flex; flex-direction: column; }
          #newest { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; border-radius: 1vmin; }
          #newest .number { font-size: 20vmin; font-weight: bold; color: var(--call); line-height: 1; font-variant-numeric: tabular-nums; }
          #newest .window { font-size: 8vmin; margin-top: 1vmin; }
          #newest .en { font-size: 3vmin; color: var(--dim); }
          #newest.fresh { animation: flash 1s ease-in-out 6; }
          @keyframes flash { 50% { background: #2a5d8c; } }
          #recent { grid-area: recent; }
          #recent ol { list-style: none; margin: 0; padding: 0; }
          #recent li { display: flex; justify-content: space-between; font-size: 5vmin; padding: .6vmin 0; border-bottom: .2vmin solid var(--line); }
          #recent li .number { color: var(--call); font-weight: bold; font-variant-numeric: tabular-nums; }
          #recent li.done { color: var(--dim); }
          #recent li.done .number { color: var(--dim); }
          #queues { grid-area: queues; }
          #services { display: grid; grid-template-columns: repeat(auto-fill, minmax(44vmin, 1fr)); gap: .8vmin 3vmin; }
          .service { display: grid; grid-template-columns: 1fr auto auto; align-items: baseline; gap: 2vmin;
            font-size: 3vmin; padding: .4vmin 0; border-bottom: .2vmin solid var(--line); }
          .service .en { font-size: 2vmin; color: var(--dim); }
          .service .count { color: var(--ok); font-weight: bold; font-size: 3.6vmin; font-variant-numeric: tabular-nums; }
          .service .wait { color: var(--dim); font-size: 2.6vmin; }
          .service.closed, .service.closed .count { color: var(--dim); }
          #notice { grid-area: notice; padding: 1vmin 0; white-space: nowrap; }
          #notice span { display: inline-block; padding-left: 100%; font-size: 3.6vmin; animation: scroll 30s linear infinite; }
          @keyframes scroll { to { transform: translateX(-100%); } }
          @media (orientation: portrait) {
            body { grid-template-columns: 1fr; grid-template-rows: auto 2fr 2fr auto auto;
              grid-template-areas: "head" "now" "recent" "queues" "notice"; }
          }
        </style>
        </head>
        <body>
        <header><h1 id="hall">政务服务中心</h1><div><span id="clock"></span> <span id="link">●</span></div></header>
        <section id="now">
          <h2>正在呼叫 <small>Now calling</small></h2>
          <div id="newest"><div class="number">—</div><div class="window">请稍候</div><div class="en">Please wait</div></div>
        </section>
        <section id="recent"><h2>最近叫号 <small>Recent calls</small></h2><ol></ol></section>
        <section id="queues"><h2>等候情况 <small>Waiting · people and estimated wait</small></h2><div id="services"></div></section>
        <section id="notice"><span></span></section>
        <script>
        "use strict";
        const token = new URLSearchParams(location.search).get("token") || "";
        const $ = (selector) => document.querySelector(selector);
        let newestAt = "";
        let reloading = null;

        function text(tag, content, className) {
          const node = document.createElement(tag);
          node.textContent = content;
          if (className) node.className = className;
          return node;
        }

        function render(view) {
          $("#hall").textContent = view.hall;
          document.title = view.hall + " 叫号显示";
          $("#notice span").textContent = view.notice;
          const newest = view.calls[0];
          const box = $("#newest");
          if (newest) {
            box.querySelector(".number").textContent = newest.number;
            box.querySelector(".window").textContent = "请到 " + newest.window + " 号窗口";
            box.querySelector(".en").textContent = "Number " + newest.number + ", window " + newest.window;
            // The newest call flashes for a few seconds when it is new.
            if (newest.calledAt !== newestAt) {
              if (newestAt) { box.classList.remove("fresh"); void box.offsetWidth; box.classList.add("fresh"); }
              newestAt = newest.calledAt;
            }
          }
          const list = $("#recent ol");
          list.replaceChildren(...view.calls.slice(1, 9).map((call) => {
            const item = text("li", "", call.current ? "" : "done");
            item.append(text("span", call.number, "number"), text("span", call.window + " 号窗口"));
            return item;
          }));
          $("#services").replaceChildren(...view.services.map((service) => {
            const item = text("div", "", service.openNow ? "service" : "service closed");
            const name = text("span", service.name + " ");
            name.append(text("span", service.nameEn, "en"));
            item.append(name, text("span", service.openNow ? service.waiting + " 人" : "—", "count"),
              text("span", service.openNow ? "约 " + service.estimatedWaitMinutes + " 分钟" : "暂停 Closed", "wait"));
            return item;
          }));
        }

        async function load() {
          try {
            const response = await fetch("/api/v1/display", { headers: { Authorization: "Bearer " + token } });
            if (response.ok) render(await response.json());
          } catch (error) { /* the daemon is away: the event stream brings us back */ }
        }

        // Many events in a burst: ask once.
        function reload() {
          if (reloading) return;
          reloading = setTimeout(() => { reloading = null; load(); }, 50);
        }

        function connect() {
          const events = new EventSource("/api/v1/events?token=" + encodeURIComponent(token));
          events.onopen = () => { $("#link").className = ""; load(); };
          events.onerror = () => { $("#link").className = "down"; };
          events.addEventListener("ticket.called", load);
          events.addEventListener("ticket.recalled", load);
          for (const name of ["ticket.issued", "ticket.finished", "ticket.no-show", "ticket.transferred", "ticket.cancelled",
                              "ticket.requeued", "window.paused", "window.resumed", "day.opened"]) {
            events.addEventListener(name, reload);
          }
        }

        function tick() {
          const now = new Date();
          const pad = (value) => String(value).padStart(2, "0");
          const days = "日一二三四五六";
          $("#clock").textContent = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" + now.getDate() + "日 星期" + days[now.getDay()] +
            " " + pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds());
        }

        tick();
        setInterval(tick, 1000);
        load();
        connect();
        </script>
        </body>
        </html>
        """#
}
