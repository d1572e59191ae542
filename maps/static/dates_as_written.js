// A day or a moment as every page of the registry writes it, and as the server does (geo.vi_format): 04/03/2022 in
// Vietnamese, 4 Mar 2022 in English; a moment (an ISO time with its zone) on its day, and with `withTime` its time,
// in Vietnam whatever the device's zone: "10:48 04/03/2022", "10:48 4 Mar 2022". One definition for the form pages,
// /monitoring and the web map (loaded before each page's own script).
function dateAsWritten(iso, lang, withTime) {
  if (!iso) return "";
  var moment = iso.length === 10 ? new Date(iso + "T12:00:00+07:00") : new Date(iso);
  var part = {};
  // en-US's parts put in order here: en-GB writes September "Sept", vi-VN drops the day's leading zero
  new Intl.DateTimeFormat("en-US", {
    day: "numeric", month: lang === "vi" ? "2-digit" : "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Ho_Chi_Minh",
  }).formatToParts(moment).forEach(function (p) { part[p.type] = p.value; });
  var day = lang === "vi"
    ? ("0" + part.day).slice(-2) + "/" + part.month + "/" + part.year
    : part.day + " " + part.month + " " + part.year;
  return withTime ? part.hour + ":" + part.minute + " " + day : day;
}
// The day (YYYY-MM-DD) a moment (a Date; now, without one) falls on in Vietnam, whatever the device's zone: the day
// the API's dates and /changes' "since" are in.
function vietnamDay(moment) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(moment || new Date());
}
