// Light or dark, remembered; the first paint already uses it (a script in the page head).
import { store } from "./storage.js";

export function initTheme() {
  const button = document.getElementById("theme-toggle");
  if (!button) return;
  const apply = (theme) => {
    document.documentElement.dataset.theme = theme;
    button.setAttribute("aria-pressed", String(theme === "dark"));
  };
  apply(document.documentElement.dataset.theme || "light");
  button.addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    store("drill:theme", next);
    apply(next);
  });
}
