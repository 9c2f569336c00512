/// The pages people use, served by hallqd: plain HTML, CSS and JavaScript with no outside
/// address and no build step. Each page's own part goes inside one shared frame: a stylesheet
/// (kiosk text at least 24 px), Chinese with English beside it (`.zh` / `.en`, switchable),
/// and a small script library: the token from the page's address, `api()` that turns the
/// daemon's JSON errors into their Chinese message, and a live event stream that reconnects.
enum Pages {
    static func shared(_ page: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(style)</style>
        <script>\(library)</script>
        </head>
        \(page)
        </html>
        """
    }

    static let style = #"""
        :root { --bg: #f3f6fa; --card: #fff; --text: #1b2733; --dim: #5f6f7f; --blue: #1565c0; --green: #2e7d32; --red: #c62828; --amber: #ef8f00; --line: #d9e1ea; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--text); font-size: 20px;
          font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
        body.large { font-size: 28px; }
        body:not(.english) .en { display: none; }
        body.english .zh { display: none; }
        .en { color: var(--dim); }
        button { font: inherit; cursor: pointer; border: none; border-radius: 10px; padding: .6em 1em; background: var(--blue); color: #fff; }
        button.secondary { background: #e3eaf3; color: var(--text); }
        button.danger { background: var(--red); }
        button:disabled { background: #b8c4d0; cursor: default; }
        header.bar { display: flex; justify-content: space-between; align-items: center; padding: .6em 1em; background: var(--blue); color: #fff; }
        header.bar h1 { margin: 0; font-size: 1.3em; }
        header.bar .en { color: #d6e4f5; }
        .card { background: var(--card); border-radius: 14px; padding: 1em; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
        .message { margin: 1em; padding: 1em; border-radius: 10px; background: #fdecea; color: var(--red); font-size: 1.1em; }
        .message:empty { display: none; }
        .message.ok { background: #e8f5e9; color: var(--green); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35em .5em; border-bottom: 1px solid var(--line); }
        th { color: var(--dim); font-weight: normal; }
        .number { font-weight: bold; font-variant-numeric: tabular-nums; }
        .hidden { display: none !important; }
        """#

    static let library = #"""
        "use strict";
        const params = new URLSearchParams(location.search);
        const token = params.get("token") || "";
        const $ = (selector, root = document) => root.querySelector(selector);
        const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

        /// An element: el("button", {class: "x", onclick: f}, "text", child...).
        function el(tag, attributes = {}, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attributes)) {
            if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
            else if (value !== false && value !== undefined && value !== null) node.setAttribute(key, value === true ? "" : value);
          }
          for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
          return node;
        }
        /// Chinese and English side by side; one shows at a time.
        const both = (zh, en) => [el("span", {class: "zh"}, zh), el("span", {class: "en"}, en)];

        class ApiError extends Error {
          constructor(message, code, status) { super(message); this.code = code; this.status = status; }
        }
        /// A call to the daemon; its errors come back with the daemon's message (Chinese / English).
        async function api(method, path, body) {
          const headers = {"Content-Type": "application/json"};
          if (token) headers.Authorization = "Bearer " + token;
          let response;
          try {
            response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
          } catch (error) {
            throw new ApiError("无法连接服务器，请稍后再试 / cannot reach the server, please try again", "offline", 0);
          }
          const data = response.status === 204 ? null : await response.json().catch(() => null);
          if (!response.ok) throw new ApiError((data && data.message) || ("请求失败 / request failed (" + response.status + ")"), data && data.error, response.status);
          return data;
        }
        /// The hall's events, live; `handlers` maps event names to functions of the event's data.
        function follow(handlers, onOpen) {
          const stream = new EventSource("/api/v1/events?token=" + encodeURIComponent(token));
          if (onOpen) stream.onopen = onOpen;
          for (const [name, handler] of Object.entries(handlers)) stream.addEventListener(name, (event) => handler(JSON.parse(event.data)));
          return stream;
        }
        function minutesSince(iso) { return Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000)); }
        function show(selector, message, ok) { const box = $(selector); box.textContent = message || ""; box.classList.toggle("ok", !!ok); }
        """#
}
