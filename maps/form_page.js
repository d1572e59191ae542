// Shared by the form pages (maps/form_pages.py): /status-report and /upload.
const $ = (id) => document.getElementById(id);
// The account's token is kept in this browser, for every form page.
$("token").value = localStorage.getItem("georeg-token") || "";
$("token").addEventListener("change", () => localStorage.setItem("georeg-token", $("token").value.trim()));
function auth() {
  const token = $("token").value.trim();
  return token ? { Authorization: `Bearer ${token}` } : {};
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
