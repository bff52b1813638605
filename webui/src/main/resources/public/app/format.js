// Numbers arrive as exact decimal strings and are shown as such: never through floating point,
// decimals from the venue's tick and step (not by magnitude), signs explicit.

/** Decimals of a step such as "0.01" → 2, "1" → 0, "0.00001000" → 5. */
export function decimalsOf(step) {
  if (!step) return null;
  const [, fraction = ''] = String(step).split('.');
  return fraction.replace(/0+$/, '').length;
}

/** A decimal string cut (not rounded) or padded to `decimals`; `decimals` null keeps it as it is. */
export function fixed(value, decimals) {
  if (value === null || value === undefined || value === '') return '';
  let text = String(value);
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  let [whole, fraction = ''] = text.split('.');
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (decimals === null || decimals === undefined) {
    fraction = fraction.replace(/0+$/, '');
  } else {
    fraction = fraction.slice(0, decimals).padEnd(decimals, '0');
  }
  return (negative ? '−' : '') + whole + (fraction ? `.${fraction}` : '');
}

export const price = (value, group) => fixed(value, decimalsOf(group?.tickSize));
export const quantity = (value, group) => fixed(value, decimalsOf(group?.stepSize));
export const money = (value) => fixed(value, 2);

/** A signed amount with an arrow, so gain and loss never rest on colour alone. */
export function signed(value, decimals = 2) {
  if (value === null || value === undefined) return { text: '', cls: '' };
  const sign = Math.sign(Number(value));
  const body = fixed(String(value).replace(/^-/, ''), decimals);
  if (sign > 0) return { text: `▲ +${body}`, cls: 'up' };
  if (sign < 0) return { text: `▼ −${body}`, cls: 'down' };
  return { text: `${body}`, cls: 'flat' };
}

let zone = localStorage.getItem('pyra.zone') ?? 'local';
export const timeZone = () => zone;
export function setTimeZone(next) {
  zone = next;
  localStorage.setItem('pyra.zone', next);
}

/** The server's default (Settings → Web app), unless this browser chose one with the bar's button. */
export function defaultTimeZone(next) {
  if (!localStorage.getItem('pyra.zone') && (next === 'utc' || next === 'local')) zone = next;
}

/** A time in the chosen zone; the zone's label is shown once, in the shell. */
export function time(iso, withDate = true) {
  if (!iso) return '';
  const d = new Date(iso);
  const options = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, ...(zone === 'utc' ? { timeZone: 'UTC' } : {}) };
  if (withDate) Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return d.toLocaleString('sv-SE', options);
}

/** "4 s", "3 min", "2 h", "5 d". */
export function age(fromIso, now = Date.now()) {
  if (!fromIso) return '';
  const seconds = Math.max(0, Math.round((now - new Date(fromIso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}

export function seconds(fromIso, now = Date.now()) {
  return fromIso ? (now - new Date(fromIso).getTime()) / 1000 : Infinity;
}
