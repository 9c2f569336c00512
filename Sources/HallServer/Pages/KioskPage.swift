extension Pages {
    /// `/kiosk/{id}?token=`: a citizen takes a ticket. Categories, then services with who waits
    /// and how long; an ID card when the service needs one, answered live by the kiosk's
    /// reader; "printing", then "please take your ticket" with the number, or a plain message
    /// that says what to do. A booking's QR code scanned at the kiosk checks in by itself.
    /// Back to the start after a minute untouched.
    static let kiosk = #"""
        <title>自助取号 / Self-service ticket</title>
        <style>
          body { font-size: 26px; min-height: 100vh; display: flex; flex-direction: column; }
          body.large { font-size: 36px; }
          main { flex: 1; padding: 1em; }
          h2 { font-size: 1.4em; margin: .2em 0 .8em; }
          .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(9em, 1fr)); gap: .8em; }
          .grid button { min-height: 5em; font-size: 1em; display: flex; flex-direction: column; justify-content: center; align-items: center; gap: .2em; }
          .grid button .en { color: #d6e4f5; font-size: .75em; }
          body.english .grid button .en { color: #fff; font-size: 1em; }
          .grid button .meta { font-size: .75em; opacity: .9; }
          .grid button:disabled .meta { opacity: 1; }
          #ticket .number { font-size: 4.5em; color: var(--blue); margin: .1em 0; }
          .center { text-align: center; }
          .tools button { margin-left: .4em; }
          #back { margin-top: 1em; }
        </style>
        <body>
        <header class="bar"><h1 id="hall">自助取号</h1>
          <div class="tools"><button class="secondary" id="large">大字 Large</button><button class="secondary" id="language">English</button></div></header>
        <main>
          <section id="categories"><h2><span class="zh">请选择业务类别</span><span class="en">Choose a kind of service</span></h2><div class="grid"></div></section>
          <section id="services" class="hidden"><h2 id="category"></h2><div class="grid"></div></section>
          <section id="card" class="hidden card center">
            <h2><span class="zh">请将身份证放在读卡区</span><span class="en">Please place your ID card on the reader</span></h2>
            <p id="card-service"></p></section>
          <section id="printing" class="hidden card center"><h2><span class="zh">正在打印号票…</span><span class="en">Printing your ticket…</span></h2></section>
          <section id="ticket" class="hidden card center">
            <h2 id="ticket-title"></h2>
            <div class="number"></div>
            <p id="ticket-service"></p><p id="ticket-ahead"></p><p id="ticket-where"></p></section>
          <div id="message" class="message"></div>
          <div class="center"><button class="secondary hidden" id="back">返回首页 Back to start</button></div>
        </main>
        <script>
        const kiosk = decodeURIComponent(location.pathname.split("/").pop());
        let services = [];
        let chosen = null;
        /// With one category the services are the start.
        let oneCategory = false;
        /// The printer failed while this ticket was being printed.
        let printerFault = false;
        const faultTitle = () => both("打印机暂不能出票，请记住您的号码", "The printer cannot print: keep your number in mind");
        let idle = null;
        /// Untouched this long, the kiosk starts again (?idle= for a test or a slow hall).
        const idleSeconds = Number(params.get("idle")) || 60;

        function step(name) {
          for (const id of ["categories", "services", "card", "printing", "ticket"]) $("#" + id).classList.toggle("hidden", id !== name);
          $("#back").classList.toggle("hidden", name === "categories" || (name === "services" && oneCategory));
          if (name === "categories") show("#message", "");
          touched();
        }
        /// Untouched for a while: back to the start, and the person is forgotten.
        function touched() {
          clearTimeout(idle);
          idle = setTimeout(() => { chosen = null; step("categories"); load(); }, idleSeconds * 1000);
        }
        document.addEventListener("pointerdown", touched);

        async function load() {
          try {
            services = await api("GET", "/api/v1/services");
            const info = await api("GET", "/api/v1/kiosks/" + encodeURIComponent(kiosk));
            if (info.services.length) services = services.filter((service) => info.services.includes(service.id));
            const display = await api("GET", "/api/v1/display");
            $("#hall").textContent = display.hall;
            drawCategories();
          } catch (error) { show("#message", error.message); }
        }

        function drawCategories() {
          const categories = [...new Map(services.map((s) => [s.category, s.categoryEn])).entries()];
          oneCategory = categories.length === 1;
          if (oneCategory) return drawServices(categories[0][0]);
          $("#categories .grid").replaceChildren(...categories.map(([zh, en]) =>
            el("button", {"data-category": zh, onclick: () => drawServices(zh)}, el("span", {class: "zh"}, zh), el("span", {class: "en"}, en))));
          step("categories");
        }

        function drawServices(category) {
          const chosenServices = services.filter((service) => service.category === category);
          $("#category").replaceChildren(...both(category, chosenServices[0] ? chosenServices[0].categoryEn : ""));
          $("#services .grid").replaceChildren(...chosenServices.map((service) =>
            el("button", {"data-service": service.id, disabled: !service.openNow, onclick: () => choose(service)},
              el("span", {class: "zh"}, service.name), el("span", {class: "en"}, service.nameEn),
              el("span", {class: "meta"}, service.openNow
                ? both("等候 " + service.waiting + " 人 · 约 " + service.estimatedWaitMinutes + " 分钟", service.waiting + " waiting · about " + service.estimatedWaitMinutes + " min")
                : both("未到办理时间 " + service.hours, "Closed now, hours " + service.hours)))));
          step("services");
        }

        function choose(service) {
          chosen = service;
          if (service.requiresIdCard) {
            $("#card-service").replaceChildren(...both(service.name + " 需要刷身份证取号", service.nameEn + " needs your ID card"));
            step("card");
          } else {
            issue();
          }
        }

        async function issue() {
          const service = chosen;
          printerFault = false;
          step("printing");
          try {
            const ticket = await api("POST", "/api/v1/tickets", {service: service.id, kiosk});
            setTimeout(() => showTicket(ticket, false), 1500);
          } catch (error) {
            chosen = null;
            step("services");
            show("#message", error.message);
          }
        }

        function showTicket(ticket, checkedIn) {
          if ($("#ticket").dataset.number === ticket.number && !$("#ticket").classList.contains("hidden")) return;
          $("#ticket").dataset.number = ticket.number;
          $("#ticket-title").replaceChildren(...(printerFault ? faultTitle()
            : checkedIn ? both("预约签到成功，请取走号票", "Checked in: please take your ticket") : both("请取走号票", "Please take your ticket")));
          $("#ticket .number").textContent = ticket.number;
          $("#ticket-service").replaceChildren(...both(ticket.serviceName, ticket.serviceNameEn));
          $("#ticket-ahead").replaceChildren(...both("前面还有 " + (ticket.ahead ?? 0) + " 人，约 " + (ticket.estimatedWaitMinutes ?? 0) + " 分钟",
            (ticket.ahead ?? 0) + " ahead of you, about " + (ticket.estimatedWaitMinutes ?? 0) + " min"));
          const windows = (services.find((s) => s.id === ticket.service) || {windows: []}).windows;
          $("#ticket-where").replaceChildren(...both("请留意叫号，到 " + windows.join("、") + " 号窗口办理", "Watch for your number: windows " + windows.join(", ")));
          chosen = null;
          step("ticket");
        }

        follow({
          "kiosk.identified": (event) => { if (event.kiosk === kiosk && chosen && chosen.requiresIdCard && !$("#card").classList.contains("hidden")) issue(); },
          "kiosk.notice": (event) => {
            if (event.kiosk !== kiosk) return;
            show("#message", event.message);
            // The ticket on the screen is valid but will not come out: say so instead of "take it".
            if (event.code === "printer_fault") {
              printerFault = true;
              if (!$("#ticket").classList.contains("hidden")) $("#ticket-title").replaceChildren(...faultTitle());
            }
            touched();
          },
          // A booking checked in by a scan here: its ticket, though nobody touched the screen.
          "ticket.issued": async (event) => {
            if (event.kiosk !== kiosk || event.channel !== "appointment") return;
            try { showTicket(await api("GET", "/api/v1/tickets/" + event.number), true); } catch (error) {}
          },
        }, load);

        $("#large").onclick = () => document.body.classList.toggle("large");
        $("#language").onclick = () => { document.body.classList.toggle("english"); $("#language").textContent = document.body.classList.contains("english") ? "中文" : "English"; };
        $("#back").onclick = () => { chosen = null; drawCategories(); step("categories"); load(); };
        load();
        </script>
        </body>
        """#
}
