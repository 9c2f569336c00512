extension Pages {
    /// The five rating buttons and the reasons for a poor rating, shared by the window's
    /// evaluation pad and the citizen's ticket page; `rate(number, rating, reasons)` posts.
    static let ratingWidget = #"""
        <style>
          #levels { display: grid; grid-template-columns: repeat(5, 1fr); gap: .6em; }
          #levels button { min-height: 4.5em; font-size: 1em; }
          #levels button[data-rating="5"], #levels button[data-rating="4"] { background: var(--green); }
          #levels button[data-rating="3"] { background: var(--amber); }
          #levels button[data-rating="2"], #levels button[data-rating="1"] { background: var(--red); }
          #reasons { margin-top: 1em; }
          #reasons label { display: inline-block; margin: .3em 1em .3em 0; }
          #reasons input[type=checkbox] { width: 1.2em; height: 1.2em; }
        </style>
        <div id="levels">
          <button data-rating="5">非常满意<br><span class="en">Very satisfied</span></button>
          <button data-rating="4">满意<br><span class="en">Satisfied</span></button>
          <button data-rating="3">基本满意<br><span class="en">Fairly satisfied</span></button>
          <button data-rating="2">不满意<br><span class="en">Dissatisfied</span></button>
          <button data-rating="1">非常不满意<br><span class="en">Very dissatisfied</span></button>
        </div>
        <div id="reasons" class="hidden card">
          <p>请告诉我们原因（可多选）<span class="en"> / Tell us why</span></p>
          <label><input type="checkbox" value="等候时间长"> 等候时间长</label>
          <label><input type="checkbox" value="服务态度差"> 服务态度差</label>
          <label><input type="checkbox" value="业务不熟练"> 业务不熟练</label>
          <label><input type="checkbox" value="材料要求不清楚"> 材料要求不清楚</label>
          <label><input type="checkbox" value="系统故障"> 系统故障</label>
          <p><input id="other" maxlength="200" placeholder="其他原因 Other" style="font: inherit; width: 100%; padding: .4em;"></p>
          <button id="send-reasons">提交评价 Submit</button>
        </div>
        <script>
        function ratingWidget(rate) {
          let chosen = 0;
          for (const button of $$("#levels button")) button.onclick = () => {
            chosen = Number(button.dataset.rating);
            if (chosen <= 2) { $("#reasons").classList.remove("hidden"); return; }
            rate(chosen, []);
          };
          $("#send-reasons").onclick = () => {
            const reasons = $$("#reasons input[type=checkbox]:checked").map((box) => box.value);
            if ($("#other").value.trim()) reasons.push($("#other").value.trim());
            rate(chosen, reasons);
          };
        }
        function resetRating() { $("#reasons").classList.add("hidden"); for (const box of $$("#reasons input")) { box.checked = false; if (box.type !== "checkbox") box.value = ""; } }
        </script>
        """#

    /// `/evaluate/{window}?token=` (a window token): the evaluation pad facing the citizen.
    /// It lights up when the window finishes a ticket and records the rating against it.
    static let evaluate = #"""
        <title>服务评价 / Rate our service</title>
        <style> main { padding: 1.5em; font-size: 26px; } h2 { font-size: 1.4em; } </style>
        <body>
        <header class="bar"><h1>服务评价 <span class="en">Rate our service</span></h1><span id="window"></span></header>
        <main>
          <section id="waiting" class="card"><h2>欢迎办理业务 <span class="en">Welcome</span></h2></section>
          <section id="rating" class="hidden card"><h2 id="prompt"></h2>\#(ratingWidget)</section>
          <div id="message" class="message"></div>
        </main>
        <script>
        const windowNumber = Number(location.pathname.split("/").pop());
        let current = null;
        let back = null;
        $("#window").textContent = windowNumber + " 号窗口";
        function waiting() { current = null; resetRating(); $("#rating").classList.add("hidden"); $("#waiting").classList.remove("hidden"); }
        follow({"ticket.finished": (event) => {
          if (event.window !== windowNumber) return;
          clearTimeout(back);
          current = event.number;
          resetRating();
          show("#message", "");
          $("#prompt").replaceChildren(...both("请对 " + current + " 号的本次服务作出评价", "Please rate the service for number " + current));
          $("#waiting").classList.add("hidden");
          $("#rating").classList.remove("hidden");
          back = setTimeout(waiting, 120000);
        }});
        ratingWidget(async (rating, reasons) => {
          try {
            await api("POST", "/api/v1/tickets/" + current + "/evaluation", {rating, reasons});
            show("#message", "感谢您的评价！/ Thank you!", true);
            waiting();
            back = setTimeout(() => show("#message", ""), 5000);
          } catch (error) { show("#message", error.message); }
        });
        </script>
        </body>
        """#

    /// `/ticket/{number}?k=`: the citizen's own page, from the QR code on the ticket: where the
    /// ticket stands, and after the service, the rating.
    static let ticket = #"""
        <title>我的号票 / My ticket</title>
        <style> main { padding: 1em; max-width: 40em; margin: auto; font-size: 24px; } .number { font-size: 3.5em; color: var(--blue); } </style>
        <body>
        <header class="bar"><h1>我的号票 <span class="en">My ticket</span></h1></header>
        <main>
          <section class="card"><div class="number" id="number"></div><p id="service"></p><p id="status"></p></section>
          <section id="rating" class="hidden card"><h2>请评价本次服务 <span class="en">Rate the service</span></h2>\#(ratingWidget)</section>
          <div id="message" class="message"></div>
        </main>
        <script>
        const number = decodeURIComponent(location.pathname.split("/").pop());
        const key = params.get("k") || "";
        async function load() {
          try {
            const ticket = await api("GET", "/api/v1/tickets/" + encodeURIComponent(number));
            $("#number").textContent = ticket.number;
            $("#service").replaceChildren(...both(ticket.serviceName, ticket.serviceNameEn));
            const status = {
              waiting: ["前面还有 " + ticket.ahead + " 人，预计等候 " + ticket.estimatedWaitMinutes + " 分钟", ticket.ahead + " ahead, about " + ticket.estimatedWaitMinutes + " min"],
              transferred: ["已转办，前面还有 " + ticket.ahead + " 人", "Transferred, " + ticket.ahead + " ahead"],
              called: ["请到 " + ticket.window + " 号窗口办理", "Please go to window " + ticket.window],
              serving: ["正在 " + ticket.window + " 号窗口办理", "Being served at window " + ticket.window],
              finished: ["已办结，感谢您的耐心", "Done, thank you"],
              noShow: ["已过号，请到服务台咨询", "Missed: please ask at the service desk"],
              cancelled: ["已取消", "Cancelled"],
            }[ticket.state] || [ticket.state, ticket.state];
            $("#status").replaceChildren(...both(status[0], status[1]));
            $("#rating").classList.toggle("hidden", !(ticket.state === "finished" && !ticket.evaluation));
            if (ticket.evaluation) show("#message", "您已评价，感谢！/ Rated, thank you!", true);
          } catch (error) { show("#message", error.message); }
        }
        ratingWidget(async (rating, reasons) => {
          try { await api("POST", "/api/v1/tickets/" + encodeURIComponent(number) + "/evaluation", {rating, reasons, key}); load(); }
          catch (error) { show("#message", error.message); }
        });
        load();
        setInterval(load, 15000);
        </script>
        </body>
        """#
}
