import { api, ApiError, normaliseCode, rememberedRooms, getChairKey } from "../api.js";
import { byId, el, setChildren, setText } from "../dom.js";
import { t, translatePage } from "../i18n.js";

translatePage();
document.title = t("landing.pagetitle");

const form = byId("join-form");
const input = byId("room-code");
const error = byId("room-code-error");

form.addEventListener("submit", async (submit) => {
  submit.preventDefault();
  const code = normaliseCode(input.value);
  setText(error, "");
  if (!code) {
    setText(error, t("landing.join.empty"));
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  try {
    await api(`/api/rooms/${encodeURIComponent(code)}`);
    window.location.assign(`/join/${encodeURIComponent(code)}`);
  } catch (problem) {
    input.setAttribute("aria-invalid", "true");
    setText(error, problem instanceof ApiError && problem.status === 404
      ? t("landing.join.notfound", { code })
      : problem.message);
    input.focus();
  }
});

const rooms = rememberedRooms().filter((room) => getChairKey(room.code));
if (rooms.length) {
  byId("my-rooms").hidden = false;
  setChildren(byId("my-rooms-list"), rooms.map((room) => el("li", { class: "item-row" },
    el("span", { class: "item-main" }, el("strong", {}, room.title || room.code), " ",
      el("span", { class: "badge" }, room.code)),
    el("a", { class: "button small", href: `/chair/${encodeURIComponent(room.code)}#key=${encodeURIComponent(getChairKey(room.code))}` }, t("landing.myrooms.chair")),
    el("a", { class: "button small secondary", href: `/projector/${encodeURIComponent(room.code)}` }, t("landing.myrooms.projector")))));
}
