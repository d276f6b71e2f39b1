// Phone layout: the room's three columns become tabs (on wide screens every panel shows).

export function setupTabs(root = document) {
  const tabs = [...root.querySelectorAll('[role="tab"]')];
  const select = (tab, focus = false) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(other.getAttribute("aria-controls"));
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (key) => {
      const step = key.key === "ArrowRight" ? 1 : key.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      key.preventDefault();
      select(tabs[(index + step + tabs.length) % tabs.length], true);
    });
  });
  const initial = tabs.find((tab) => tab.getAttribute("aria-selected") === "true") || tabs[0];
  if (initial) select(initial);
  return { select: (id) => select(tabs.find((tab) => tab.id === id) || initial) };
}
