// The verdicts on reports flagged to check (/status-reports): sent with this browser's session (/login) and the
// header that says the request is the registry's own page; the page is then drawn again to show the verdict. A
// refusal (not logged in, the sender's own report, a rejection with no reason) is said in the report's row.
document.querySelectorAll("form.review-form").forEach((form) => {
  const said = form.querySelector(".refused");
  form.addEventListener("submit", (event) => event.preventDefault()); // Enter in the reason box sends nothing
  form.querySelectorAll("button[data-verdict]").forEach((button) => {
    button.addEventListener("click", async () => {
      const buttons = form.querySelectorAll("button");
      buttons.forEach((b) => (b.disabled = true));
      said.textContent = "";
      const lang = form.closest("[lang]").lang;
      const response = await fetch(form.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Requested-With": "georeg", "Accept-Language": lang },
        // the verdict this page showed: a colleague's given since is not overturned unseen (409)
        body: JSON.stringify({
          verdict: button.dataset.verdict,
          note: form.elements.note.value,
          seen: form.dataset.seen,
        }),
      }).catch(() => null);
      if (response && response.ok) {
        location.reload();
        return;
      }
      buttons.forEach((b) => (b.disabled = false));
      if (!response) {
        said.textContent = form.dataset.offline;
        return;
      }
      const detail = (await response.json().catch(() => ({}))).detail;
      said.textContent = typeof detail === "string" ? detail : (detail || []).map((d) => d.msg || d).join("; ");
    });
  });
});
