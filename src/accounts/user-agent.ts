/** A browser and the system it runs on, in plain words, from a User-Agent header; null for what is not recognised. */
export interface Device {
  browser: string | null;
  system: string | null;
}

// Order matters: Edge, Opera and Samsung's browser also call themselves Chrome, and Chrome calls itself Safari.
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bCriOS\/|\bChrome\/|\bChromium\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
];

// iPhones and iPads, Android and ChromeOS name other systems as well (Mac OS X, Linux): they come first.
const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

export function describeUserAgent(userAgent: string): Device {
  const find = (table: [RegExp, string][]) => table.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  return { browser: find(BROWSERS), system: find(SYSTEMS) };
}

/** The message that names the device, with what it needs: "Firefox on Windows", "a browser on Android" or "an unknown browser". */
export function deviceMessage(device: Device): { key: string; browser?: string; system?: string } {
  if (device.browser && device.system) return { key: 'accounts.sessions.device.both', browser: device.browser, system: device.system };
  if (device.browser) return { key: 'accounts.sessions.device.browser', browser: device.browser };
  if (device.system) return { key: 'accounts.sessions.device.system', system: device.system };
  return { key: 'accounts.sessions.device.unknown' };
}
