// Delays flow runs tagged "business-hours" until the business window opens.
// Copy it into $ORION_HOME/rules (or ORION_RULES_DIR); it applies from the next run on.
// Settings (system property or environment variable):
//   ORION_RULE_BUSINESS_HOURS  the daily window, HH:mm-HH:mm   (default 09:00-17:00)
//   ORION_RULE_BUSINESS_DAYS   ISO days of week, first-last     (default 1-5, Monday to Friday)
//   ORION_RULE_BUSINESS_ZONE   the time zone of the window      (default UTC)
rule({
  name: "BusinessHours",
  description: "Delays runs tagged business-hours until the business window opens",
  runKinds: ["flow"],
  from: ["NONE", "SCHEDULED"],
  to: ["PENDING"],
  position: { after: "PreventDuplicateTransitions" },

  before(ctx) {
    if (!ctx.hasTag("business-hours")) return;
    const zone = ctx.setting("ORION_RULE_BUSINESS_ZONE", "UTC");
    const [open, close] = ctx.setting("ORION_RULE_BUSINESS_HOURS", "09:00-17:00").split("-").map(minutes);
    const [firstDay, lastDay] = ctx.setting("ORION_RULE_BUSINESS_DAYS", "1-5").split("-").map(Number);
    const now = minutes(ctx.localTime(zone));
    const day = ctx.dayOfWeek(zone);
    const businessDay = d => d >= firstDay && d <= lastDay;
    if (businessDay(day) && now >= open && now < close) return;

    // Minutes until the window next opens: later today, or on the next business day.
    let wait = businessDay(day) && now < open ? open - now : 24 * 60 - now + open;
    for (let d = day % 7 + 1; !(businessDay(day) && now < open) && !businessDay(d); d = d % 7 + 1) {
      wait += 24 * 60;
    }
    ctx.delay(wait * 60, `outside business hours (${ctx.setting("ORION_RULE_BUSINESS_HOURS", "09:00-17:00")} ${zone}); `
        + `waiting ${wait} min for the window to open`);
  },
});

function minutes(hhmm) {
  const [h, m] = hhmm.trim().split(":").map(Number);
  return h * 60 + m;
}
