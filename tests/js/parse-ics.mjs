// Reads the .ics files named as arguments with ical.js, the parser behind
// many web calendar apps, and prints one JSON object per file and line:
//   {"file", "errors": [...], "events": [{uid, dtstamp, dtstart, dtstart_tzid,
//     dtstart_utc, dtend, dtend_tzid, summary, status, sequence}]}
// tests/test_calendar.py runs it; a second, independent parser catches what
// the Python library that wrote the file would forgive.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function value(component, name) {
  const found = component.getFirstPropertyValue(name);
  return found === null || found === undefined ? null : found;
}

function timeOf(component, name, errors, uid) {
  const property = component.getFirstProperty(name);
  if (!property) {
    return { local: null, tzid: null, utc: null };
  }
  const tzid = property.getParameter("tzid") || null;
  if (tzid && !ICAL.TimezoneService.has(tzid)) {
    errors.push(`${uid}: ${name} uses TZID ${tzid} without a VTIMEZONE`);
  }
  const time = property.getFirstValue();
  // toString() is the wall time as written (with "Z" for UTC);
  // toUnixTime() goes through the zone, so it checks the VTIMEZONE too.
  return {
    local: time.toString(),
    tzid,
    utc: new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z"),
  };
}

function parseFile(file) {
  const errors = [];
  const events = [];
  let calendar;
  try {
    calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  } catch (error) {
    return { file, errors: [String(error)], events };
  }
  if (calendar.name !== "vcalendar") {
    errors.push(`top component is ${calendar.name}, not vcalendar`);
  }
  // Zones are registered per file, so one file cannot lean on another's.
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    try {
      const uid = value(vevent, "uid");
      const stamp = value(vevent, "dtstamp");
      const start = timeOf(vevent, "dtstart", errors, uid);
      const end = timeOf(vevent, "dtend", errors, uid);
      events.push({
        uid,
        dtstamp: stamp ? stamp.toString() : null,
        dtstart: start.local,
        dtstart_tzid: start.tzid,
        dtstart_utc: start.utc,
        dtend: end.local,
        dtend_tzid: end.tzid,
        dtend_utc: end.utc,
        summary: value(vevent, "summary"),
        status: value(vevent, "status"),
        sequence: value(vevent, "sequence"),
      });
    } catch (error) {
      errors.push(String(error));
    }
  }
  return { file, errors, events };
}

for (const file of process.argv.slice(2)) {
  process.stdout.write(JSON.stringify(parseFile(file)) + "\n");
}
