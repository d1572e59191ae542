// A file field in the page's language (maps/file_picker.js, served with the form pages and /monitoring): the
// browser's own button says "Choose File" whatever the page's language. The field goes inside a label, where it was,
// beside a button-like "choose" and the name of the file chosen (``none`` until one is).
function filePicker(field, choose, none) {
  const picker = document.createElement("label");
  picker.className = "file";
  field.before(picker); // where the field stood on the page, if it stood anywhere yet
  const chosen = Object.assign(document.createElement("span"), { className: "chosen", textContent: none });
  field.addEventListener("change", () => { chosen.textContent = field.files.length ? field.files[0].name : none; });
  picker.append(field, Object.assign(document.createElement("span"), { className: "pick", textContent: choose }), chosen);
  return picker;
}
