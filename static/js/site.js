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

// Bookmark toggles: post in the background and flip the pressed state, no page reload.
// Without JS (or if the request fails) the form posts normally and the page reloads.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("bookmark-form")) return;
  event.preventDefault();
  const button = form.querySelector("button");
  const wanted = form.elements.namedItem("bookmarked");
  // Not `disabled`: that would drop keyboard focus from the button.
  if (form.dataset.busy) return;
  form.dataset.busy = "1";
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.redirected || !response.ok) {
      // Not logged in (sent to the login page) or an error: let the browser handle it.
      form.submit();
      return;
    }
    const { bookmarked } = await response.json();
    button.setAttribute("aria-pressed", String(bookmarked));
    button.title = bookmarked ? "Remove bookmark" : "Bookmark this question";
    button.querySelector(".bookmark-icon").textContent = bookmarked ? "★" : "☆";
    button.querySelector(".bookmark-text").textContent = bookmarked ? "Bookmarked" : "Bookmark";
    wanted.value = bookmarked ? "0" : "1";
  } catch {
    form.submit();
  } finally {
    delete form.dataset.busy;
  }
});
