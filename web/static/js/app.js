// colapla: progressive enhancement only. Every page works without this file.

// Mark the current primary-nav link if the server did not.
const nav = document.querySelector(".site-nav");
if (nav && !nav.querySelector("[aria-current]")) {
  const here = location.pathname.replace(/\/+$/, "") || "/";
  for (const link of nav.querySelectorAll("a[href]")) {
    const target = new URL(link.href, location.href).pathname.replace(/\/+$/, "") || "/";
    if (target === here) {
      link.setAttribute("aria-current", "page");
    } else if (target !== "/" && here.startsWith(`${target}/`)) {
      link.setAttribute("aria-current", "true");
    }
  }
}

// Print the contents of collapsed <details> (e.g. past sessions) too.
const opened = [];
addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll("details:not([open])")) {
    d.open = true;
    opened.push(d);
  }
});
addEventListener("afterprint", () => {
  for (const d of opened.splice(0)) d.open = false;
});
