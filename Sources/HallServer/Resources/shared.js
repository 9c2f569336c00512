"use strict";
const params = new URLSearchParams(location.search);
// A page may change its token (the window console signs staff in and out).
let token = params.get("token") || "";
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
