// HTTP API calls (docs/protocol.md). Errors become ApiError with the server's readable message.

import { t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, code, message, errors = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

/** Call the API; `body` may be a plain object (sent as JSON) or FormData. */
export async function api(path, { method = "GET", body = undefined, token = null } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, "network", t("api.error.network"));
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const detail = json && json.detail;
    if (detail && typeof detail === "object" && !Array.isArray(detail)) {
      const error = new ApiError(response.status, detail.code || "error", detail.message || t("api.error.generic"), detail.errors || []);
      // A file's problems, each with its line (a conference file, a roster).
      error.problems = detail.problems || [];
      throw error;
    }
    if (Array.isArray(detail)) {
      // FastAPI's own validation errors.
      const errors = detail.map((item) => ({ location: (item.loc || []).join("."), message: item.msg }));
      throw new ApiError(response.status, "invalid_request", t("api.error.invalid"), errors);
    }
    throw new ApiError(response.status, "error", typeof detail === "string" ? detail : t("api.error.status", { status: response.status }));
  }
  return json;
}

const seatKey = (code) => `plenary:seat:${code}`;
const chairKey = (code) => `plenary:chair:${code}`;
const ROOMS_KEY = "plenary:rooms";

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function normaliseCode(code) {
  return String(code || "").trim().toUpperCase().replace(/[-\s]/g, "");
}

/** The room code from the page path (/room/ABC123 etc.). */
export function codeFromPath() {
  const parts = window.location.pathname.split("/").filter(Boolean);
  return normaliseCode(decodeURIComponent(parts[parts.length - 1] || ""));
}

export function getSeatToken(code) {
  return storage()?.getItem(seatKey(code)) || null;
}

export function setSeatToken(code, token) {
  storage()?.setItem(seatKey(code), token);
}

export function forgetSeatToken(code) {
  storage()?.removeItem(seatKey(code));
}

export function getChairKey(code) {
  return storage()?.getItem(chairKey(code)) || null;
}

export function setChairKey(code, key) {
  storage()?.setItem(chairKey(code), key);
}

/** Rooms this browser created, newest first: [{code, title, chair_url, created}]. */
export function rememberedRooms() {
  try {
    return JSON.parse(storage()?.getItem(ROOMS_KEY) || "[]");
  } catch {
    return [];
  }
}

export function rememberRoom(room) {
  const rooms = rememberedRooms().filter((r) => r.code !== room.code);
  rooms.unshift({ code: room.code, title: room.title, created: Date.now() });
  storage()?.setItem(ROOMS_KEY, JSON.stringify(rooms.slice(0, 10)));
}
