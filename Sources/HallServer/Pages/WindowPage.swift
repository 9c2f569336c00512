extension Pages {
    /// `/window/{number}?token=`: the window's console. The current ticket and how long it
    /// waited; call next, recall, start, finish, no-show, transfer (with a service picker),
    /// pause and resume, each with a key for staff who never touch the mouse; the waiting
    /// counts of the window's services.
    static let window = #"""
        <title>窗口叫号 / Window console</title>
        <style>
          main { display: grid; grid-template-columns: 2fr 1fr; gap: 1em; padding: 1em; }
          #current .number { font-size: 4em; color: var(--blue); }
          #current .state { font-size: 1.2em; }
          #actions { display: grid; grid-template-columns: repeat(4, 1fr); gap: .6em; margin-top: 1em; }
          #actions button { padding: 1em .4em; }
          kbd { font-size: .7em; background: rgba(255,255,255,.25); border-radius: 4px; padding: 0 .3em; margin-left: .3em; }
          #transfer-picker { margin-top: 1em; display: flex; gap: .5em; flex-wrap: wrap; }
          #paused-banner { background: var(--amber); color: #fff; padding: .5em 1em; border-radius: 10px; margin-bottom: .5em; }
        </style>
        <body>
        <header class="bar"><h1 id="title">窗口</h1><span id="clock"></span></header>
        <div id="message" class="message"></div>
        <main>
          <section class="card" id="current">
            <div id="paused-banner" class="hidden">暂停服务中 / Paused</div>
            <div class="number" id="number">—</div>
            <div class="state" id="state">当前无号 / No current ticket</div>
            <div id="waited"></div>
            <div id="actions">
              <button data-action="call">叫号 Call next<kbd>N</kbd></button>
              <button data-action="recall" class="secondary">重呼 Recall<kbd>R</kbd></button>
              <button data-action="start" class="secondary">开始办理 Start<kbd>S</kbd></button>
              <button data-action="finish">办结 Finish<kbd>F</kbd></button>
              <button data-action="no-show" class="danger">过号 No-show<kbd>X</kbd></button>
              <button data-action="transfer" class="secondary">转办 Transfer<kbd>T</kbd></button>
              <button data-action="pause" class="secondary">暂停 Pause<kbd>P</kbd></button>
              <button data-action="resume" class="secondary">恢复 Resume<kbd>P</kbd></button>
            </div>
            <div id="transfer-picker" class="hidden"></div>
          </section>
          <section class="card"><h2>等候人数 <span class="en">Waiting</span></h2><table><tbody id="queues"></tbody></table></section>
        </main>
        <script>
        const windowNumber = Number(location.pathname.split("/").pop());
        let me = null;
        let services = [];

        async function load() {
          try {
            const [windows, all] = await Promise.all([api("GET", "/api/v1/windows"), api("GET", "/api/v1/services")]);
            me = windows.find((w) => w.number === windowNumber);
            if (!me) return show("#message", "没有 " + windowNumber + " 号窗口 / no window " + windowNumber);
            services = all;
            draw();
          } catch (error) { show("#message", error.message); }
        }

        function draw() {
          $("#title").textContent = me.name + "（" + me.number + " 号窗口）";
          document.title = me.number + " 号窗口 · 叫号";
          const ticket = me.current;
          $("#number").textContent = ticket ? ticket.number : "—";
          const states = {called: "已呼叫 Called", serving: "办理中 Serving"};
          $("#state").textContent = ticket ? (states[ticket.state] || ticket.state) + " · " + ticket.serviceName : "当前无号 / No current ticket";
          $("#waited").textContent = ticket && ticket.calledAt
            ? "等候 " + Math.round((new Date(ticket.calledAt) - new Date(ticket.issuedAt)) / 60000) + " 分钟，已叫 " + minutesSince(ticket.calledAt) + " 分钟 / waited " +
              Math.round((new Date(ticket.calledAt) - new Date(ticket.issuedAt)) / 60000) + " min" : "";
          $("#paused-banner").classList.toggle("hidden", !me.paused);
          const enabled = {call: !me.paused, recall: !!ticket && !me.paused, start: !!ticket && ticket.state === "called", finish: !!ticket,
            "no-show": !!ticket && ticket.state === "called", transfer: !!ticket, pause: !me.paused, resume: me.paused};
          for (const button of $$("#actions button")) {
            button.disabled = !enabled[button.dataset.action];
            button.classList.toggle("hidden", (button.dataset.action === "pause" && me.paused) || (button.dataset.action === "resume" && !me.paused));
          }
          $("#queues").replaceChildren(...me.services.map((id) => {
            const service = services.find((s) => s.id === id) || {name: id, waiting: 0};
            return el("tr", {}, el("td", {}, service.name), el("td", {class: "number", "data-service": id}, String(service.waiting)));
          }));
        }

        async function act(action) {
          if (action === "transfer") return pickTransfer();
          show("#message", "");
          try {
            const reply = await api("POST", "/api/v1/windows/" + windowNumber + "/" + action);
            if (action === "call" && reply === null) show("#message", "当前无人等候 / nobody is waiting", true);
          } catch (error) { show("#message", error.message); }
          load();
        }

        function pickTransfer() {
          const picker = $("#transfer-picker");
          picker.replaceChildren(el("span", {}, "转到 Transfer to："), ...services.filter((s) => !me.current || s.id !== me.current.service).map((service) =>
            el("button", {class: "secondary", "data-transfer": service.id, onclick: async () => {
              picker.classList.add("hidden");
              try { await api("POST", "/api/v1/windows/" + windowNumber + "/transfer", {service: service.id}); } catch (error) { show("#message", error.message); }
              load();
            }}, service.name)));
          picker.classList.toggle("hidden");
        }

        for (const button of $$("#actions button")) button.onclick = () => act(button.dataset.action);
        const keys = {n: "call", " ": "call", r: "recall", s: "start", f: "finish", x: "no-show", t: "transfer", p: "pause"};
        document.addEventListener("keydown", (event) => {
          if (event.target.tagName === "INPUT" || event.ctrlKey || event.metaKey || event.altKey) return;
          let action = keys[event.key.toLowerCase()];
          if (action === "pause" && me && me.paused) action = "resume";
          const button = $$("#actions button").find((b) => b.dataset.action === action);
          if (action && button && !button.disabled) { event.preventDefault(); act(action); }
        });
        setInterval(() => { $("#clock").textContent = new Date().toLocaleTimeString("zh-CN"); }, 1000);
        const refresh = () => load();
        follow(Object.fromEntries(["ticket.issued", "ticket.called", "ticket.finished", "ticket.no-show", "ticket.transferred", "ticket.serving",
          "ticket.cancelled", "ticket.requeued", "window.paused", "window.resumed", "day.opened"].map((name) => [name, refresh])), refresh);
        load();
        </script>
        </body>
        """#
}
