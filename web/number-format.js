// Numbers for people, as en-US writes them ("12,345.6"), without Intl. The first Intl.NumberFormat
// of a page (toLocaleString('en-US') too) loads ICU's locale data: 20-35 ms of the host page's main
// thread in one task, which an embedded <campaign-sim> must not take (issue 9). So every view
// formats numbers here: the same text as Intl.NumberFormat('en-US', options).format(n) for the
// options the app uses (tests/wasm/number-format.test.mjs compares them).
//
//   formatEnUS(1234567)                                                   '1,234,567'
//   formatEnUS(0.125, { maximumFractionDigits: 2 })                       '0.13'
//   formatEnUS(5, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) '5.00'
//
// Like Intl: the shortest decimal text of the number (String(n)) is rounded half away from zero;
// the default is at most 3 fraction digits; -0 and numbers that round to 0 from below keep their
// sign ("-0"). No side effect at import.

/** The digits of a finite x >= 0: {int, frac}, from its shortest decimal text (no exponent). */
function digitsOf(x) {
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) {
    const dot = s.indexOf('.');
    return dot < 0 ? { int: s, frac: '' } : { int: s.slice(0, dot), frac: s.slice(dot + 1) };
  }
  const mantissa = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exp; // where the decimal point falls in `digits`
  if (point <= 0) return { int: '0', frac: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { int: digits + '0'.repeat(point - digits.length), frac: '' };
  return { int: digits.slice(0, point), frac: digits.slice(point) };
}

/** Adds one to a string of decimal digits ('199' -> '200', '99' -> '100'). */
function increment(digits) {
  const d = digits.split('');
  let i = d.length - 1;
  while (i >= 0 && d[i] === '9') { d[i] = '0'; i -= 1; }
  if (i < 0) d.unshift('1'); else d[i] = String(Number(d[i]) + 1);
  return d.join('');
}

/**
 * `n` as Intl.NumberFormat('en-US', {minimumFractionDigits, maximumFractionDigits}).format(n).
 * @param {number} n
 * @param {{minimumFractionDigits?: number, maximumFractionDigits?: number}} [options]
 */
export function formatEnUS(n, { minimumFractionDigits, maximumFractionDigits } = {}) {
  const x = Number(n);
  if (Number.isNaN(x)) return 'NaN';
  const negative = x < 0 || Object.is(x, -0);
  if (!Number.isFinite(x)) return negative ? '-∞' : '∞';
  const min = minimumFractionDigits ?? 0;
  const max = Math.max(maximumFractionDigits ?? Math.max(min, 3), min);
  let { int, frac } = digitsOf(Math.abs(x));
  if (frac.length > max) {
    const roundUp = frac.charCodeAt(max) >= 53; // '5'..'9': half away from zero
    frac = frac.slice(0, max);
    if (roundUp) {
      const up = increment(int + frac);
      int = up.slice(0, up.length - max);
      frac = up.slice(up.length - max);
    }
  }
  frac = frac.replace(/0+$/, '');
  if (frac.length < min) frac = frac.padEnd(min, '0');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}
