// Shared by the form pages (maps/form_pages.py): /status-report, /status-imports, /upload, /accounts, /login.
const $ = (id) => document.getElementById(id);
// A number as the page's readers write it (12,5 and 1.193 in Vietnamese), with ``digits`` decimals at most (exactly,
// when ``exact``).
function number(n, digits = 3, exact = false) {
  const locale = document.documentElement.lang === "vi" ? "vi-VN" : "en-GB";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: exact ? digits : 0 })
    .format(n);
}
// ok: true (done), false (refused or failed), "warn" (done, but not all of it: a raster loaded, its figures not), null
// (under way). An outcome is brought into view: a Load pressed at the
// foot of a long report was refused at its head, out of sight, and the report below looked as before.
function say(text, ok) {
  if ($("issued")) $("issued").textContent = ""; // a token shown once belongs to the action that issued it
  $("message").textContent = text;
  $("message").className = ok === null ? "" : ok === "warn" ? "warn" : ok ? "ok" : "error";
  if (ok !== null) $("message").scrollIntoView({ block: "nearest" });
}
// The message of an API error: FastAPI's detail, a string, {message, ...} or a list of field errors.
function detail(body) {
  const d = body && body.detail;
  if (!d) return "";
  if (typeof d === "string") return d;
  if (d.message) return d.message;
  return Array.isArray(d) ? d.map((e) => `${e.loc.slice(-1)}: ${e.msg}`).join("; ") : JSON.stringify(d);
}
// A message shown alone, as a sentence: its first letter capital, a full stop at its end. The server's refusals begin
// lower-case, as the command line writes them after "Không có gì thay đổi:" ("thiếu loại dự án …" on /accounts, a
// GeoTIFF's "hệ tọa độ …" on /upload, a photo's "ảnh 'IMG.HEIC': …" on /status-report).
function sentence(text) {
  if (!text) return text;
  const said = text.charAt(0).toLocaleUpperCase(document.documentElement.lang) + text.slice(1);
  return /[.!?…:]$/.test(said) ? said : `${said}.`;
}
// A text with its {names} filled in; a value is put as it is (a reviewer's reason with "$&" in it, too).
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (name, key) => (key in values ? String(values[key]) : name));
// A date (or a moment, with its time) in the page's language (static/dates_as_written.js).
function shownDate(iso, withTime) {
  return dateAsWritten(iso, document.documentElement.lang === "vi" ? "vi" : "en", withTime);
}
