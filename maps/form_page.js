// Shared by the form pages (maps/form_pages.py): /status-report and /upload.
const $ = (id) => document.getElementById(id);
// No token is kept in the browser: a token typed here is sent with this page's requests only; without one, the
// browser's session (/login, an HttpOnly cookie) is used, with the header that says the request is this site's own.
localStorage.removeItem("georeg-token"); // kept by earlier versions of these pages
// The server says its refusals in the page's language (Accept-Language).
function auth() {
  const token = $("token").value.trim();
  const lang = { "Accept-Language": document.documentElement.lang };
  return token ? { ...lang, Authorization: `Bearer ${token}` } : { ...lang, "X-Requested-With": "georeg" };
}
// ok: true (done), false (refused or failed), null (under way)
function say(text, ok) {
  $("message").textContent = text;
  $("message").className = ok === null ? "" : ok ? "ok" : "error";
}
// The message of an API error: FastAPI's detail, a string, {message, ...} or a list of field errors.
function detail(body) {
  const d = body && body.detail;
  if (!d) return "";
  if (typeof d === "string") return d;
  if (d.message) return d.message;
  return Array.isArray(d) ? d.map((e) => `${e.loc.slice(-1)}: ${e.msg}`).join("; ") : JSON.stringify(d);
}
// A date (or a moment, with its time) as the page's readers write it: 01/10/2025 in Vietnamese, 1 Oct 2025 in English.
function shownDate(iso, withTime) {
  if (!iso) return "";
  const vi = document.documentElement.lang === "vi";
  const options = vi ? { day: "2-digit", month: "2-digit", year: "numeric" } : { day: "numeric", month: "short", year: "numeric" };
  if (withTime) Object.assign(options, { hour: "2-digit", minute: "2-digit", hour12: false });
  return new Intl.DateTimeFormat(vi ? "vi-VN" : "en-GB", options).format(new Date(iso));
}
