// Shared by the pages with a token field (the form pages and /monitoring): how their requests say who sends them, and
// who this browser is logged in as.
// No token is kept in the browser: a token typed here is sent with this page's requests only; without one, the
// browser's session (/login, an HttpOnly cookie) is used, with the header that says the request is this site's own.
localStorage.removeItem("georeg-token"); // kept by earlier versions of these pages
// The server says its refusals in the page's language (Accept-Language).
function auth() {
  const token = document.getElementById("token").value.trim();
  const lang = { "Accept-Language": document.documentElement.lang };
  return token ? { ...lang, Authorization: `Bearer ${token}` } : { ...lang, "X-Requested-With": "georeg" };
}
// Who this browser is logged in as (/login), with a button to log out, above the token field, which may then stay
// empty. Returns the username, null when not logged in, or undefined when the server could not be asked (offline);
// the account's role is kept in sessionRole for the page to offer only what it may do.
let sessionRole = null;
async function showSession(words) {
  const asked = { headers: { "Accept-Language": document.documentElement.lang } }; // an ended session said in it
  const response = await fetch("/api/session", asked).catch(() => null);
  if (!response) return undefined;
  const body = response && response.ok ? await response.json() : {};
  const username = body.username;
  sessionRole = body.role || null;
  if (!username) return sessionEnded(body.ended);
  const line = document.createElement("p");
  line.id = "session";
  line.className = "muted";
  const out = document.createElement("button");
  out.type = "button";
  out.className = "secondary";
  out.id = "log-out";
  out.textContent = words.log_out;
  out.addEventListener("click", async () => {
    await fetch("/api/session", { method: "DELETE" }).catch(() => null);
    location.reload();
  });
  // the name colleagues know the account by (as the lists of jobs and reports give it), its login in brackets
  const who = body.display_name && body.display_name !== username ? `${body.display_name} (${username})` : username;
  line.append(`${words.logged_in} ${who} `, out);
  document.querySelector('label[for="token"]').before(line);
  return username;
}
// A session the administrator ended (the account deactivated, its token revoked) said where "logged in" was, in the
// server's words: the page looked merely logged out, and logging in again did not work (trial s73). Returns null.
function sessionEnded(why) {
  if (!why || document.getElementById("session-ended")) return null;
  const line = document.createElement("p");
  line.id = "session-ended";
  line.className = "error";
  line.textContent = why;
  document.querySelector('label[for="token"]').before(line);
  return null;
}
// What a refusal for want of a login says: the server's words alone for a session the administrator ended ("log in"
// would not help), else after the page's own "log in" words.
function loginRefused(response, why, login) {
  const ended = response.headers.get("Session-Ended");
  return ended && ended !== "session_ended" ? why : `${login} ${why}`;
}
// Logged in, the token's field is not needed: an empty box read as something still to fill (trials 61 and 72), and on
// a phone it pushed the form half a screen down; logged out, it is one way in. Its label, and a "show" tick if any, go
// with it.
function tokenRows(hidden) {
  const show = document.getElementById("show-token");
  const rows = [document.getElementById("token"), document.querySelector('label[for="token"]'), show && show.parentElement];
  for (const row of rows) if (row) row.hidden = hidden;
}
