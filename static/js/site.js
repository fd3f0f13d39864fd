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

// Review: Space reveals the answer (outside the text box); 1-4 rate. Suggested rating follows ticks.
const revealForm = document.getElementById("reveal-form");
revealForm?.querySelector("[data-now-ms]")?.setAttribute("value", String(Date.now()));
const rateForm = document.getElementById("rate-form");
const RATING_NAMES = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
function suggestedRating(covered, total) {
  if (total <= 0) return 3;
  const share = covered / total;
  return share >= 0.9 ? 4 : share >= 0.6 ? 3 : share >= 0.3 ? 2 : 1;
}
function showSuggestion() {
  const total = Number(rateForm.dataset.total);
  const covered = rateForm.querySelectorAll('input[name="points"]:checked').length;
  const rating = suggestedRating(covered, total);
  rateForm.querySelectorAll("[data-rating]").forEach((button) => {
    button.classList.toggle("suggested", Number(button.dataset.rating) === rating);
  });
  const note = document.getElementById("suggestion");
  if (note) note.textContent = `Covered ${covered} of ${total} points: suggested rating ${RATING_NAMES[rating]} (press ${rating}).`;
}
if (rateForm) {
  rateForm.addEventListener("change", showSuggestion);
  showSuggestion();
}
document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("textarea, input[type=text], select")) return;
  if (revealForm && event.key === " " && !(target instanceof HTMLButtonElement)) {
    event.preventDefault();
    revealForm.requestSubmit();
  } else if (rateForm && ["1", "2", "3", "4"].includes(event.key)) {
    event.preventDefault();
    rateForm.querySelector(`[data-rating="${event.key}"]`)?.click();
  }
});

// Mock interview countdown; the page shows the deadline without JS.
const countdown = document.querySelector("[data-seconds-left]");
if (countdown) {
  const end = Date.now() + Number(countdown.dataset.secondsLeft) * 1000;
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    countdown.textContent = left > 0 ? `${minutes}:${seconds}` : "Time is up";
    countdown.classList.toggle("overdue", left === 0);
    if (left > 0) setTimeout(tick, 1000);
  };
  tick();
}

// Keyboard: "/" jumps to the search box (the results page's own, else the header's),
// unless the learner is typing in a field.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
  const box = document.querySelector("main input[type=search]") || document.querySelector("input[type=search]");
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});
