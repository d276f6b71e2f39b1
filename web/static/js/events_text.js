// One readable line per engine event, for the activity log: the server narrates every event
// (game_rules/engine/narration.py) and sends the line as the event's `say` message; this renders
// it in the page's language. Returns null for events that say nothing to this screen.

import { say } from "./i18n.js";

export function describeEvent(event) {
  return event && event.say ? say(event.say) : null;
}
