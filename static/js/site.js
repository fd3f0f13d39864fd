// Small enhancements; every page works without this file.

// Keyboard: on a question page, "a" toggles the sample answer.
document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
  if (event.key === "a") {
    const answer = document.querySelector("details.answer");
    if (answer) {
      answer.open = !answer.open;
      answer.querySelector("summary")?.focus();
    }
  }
});
