// Every table exports its filtered view (CSV or JSON) and every chart its PNG and its data:
// built in the page from what it shows, saved through a download link (nothing leaves the machine).
import { html } from 'lit';

/** Saves text (or a data URL) as a file. */
export function download(fileName, content, type = 'text/plain') {
  const url = content.startsWith?.('data:') ? content : URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  if (!url.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** RFC 4180, and a leading formula character neutralised for spreadsheets (as the log export does). */
function csvField(value) {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@]/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** columns: [[header, row => value], ...] */
export function toCsv(rows, columns) {
  const lines = [columns.map(([header]) => csvField(header)).join(',')];
  rows.forEach((row) => lines.push(columns.map(([, value]) => csvField(value(row))).join(',')));
  return `${lines.join('\r\n')}\r\n`;
}

function stamp() {
  return new Date().toISOString().replace(/[:]/g, '').slice(0, 15);
}

/** The CSV and JSON buttons of a table: rows and columns as shown (the filter in force). */
export function exportButtons(name, rows, columns) {
  // rows() may be a promise: a paged table fetches every page of its filtered view first
  return html`<span class="export" role="group" aria-label="Export ${name}">
    <button type="button" class="ghost small" data-export="csv" title="Download this table as CSV"
        @click=${async () => download(`pyra-${name}-${stamp()}.csv`, toCsv(await rows(), columns), 'text/csv')}>CSV</button>
    <button type="button" class="ghost small" data-export="json" title="Download this table as JSON"
        @click=${async () => download(`pyra-${name}-${stamp()}.json`, JSON.stringify((await rows()).map((r) => Object.fromEntries(
          columns.map(([header, value]) => [header, value(r)]))), null, 2), 'application/json')}>JSON</button></span>`;
}

/** The columns of a group row as exported: decimals as the API sends them (strings, every digit kept). */
export const GROUP_EXPORT = [['id', (g) => g.id], ['exchange', (g) => g.exchange], ['symbol', (g) => g.symbol],
  ['timeframe', (g) => g.timeframe], ['status', (g) => g.status], ['pyramids', (g) => g.pyramids.length],
  ['filledLegs', (g) => g.filledLegs], ['totalLegs', (g) => g.totalLegs], ['averageEntry', (g) => g.averageEntry],
  ['heldQuantity', (g) => g.heldQuantity], ['quoteAsset', (g) => g.quoteAsset], ['lastPrice', (g) => g.lastPrice], ['unrealizedPnl', (g) => g.unrealizedPnl],
  ['realizedPnl', (g) => g.realizedPnl], ['takeProfitMode', (g) => g.takeProfitMode], ['openedAt', (g) => g.openedAt],
  ['closedAt', (g) => g.closedAt], ['closeReason', (g) => g.closeReason]];

/** A chart's PNG (an ECharts instance, or an SVG element drawn onto a canvas) and its data. */
export function chartButtons(name, chart, data) {
  return html`<span class="export" role="group" aria-label="Export ${name}">
    <button type="button" class="ghost small" data-export="png" title="Download the chart as PNG"
        @click=${() => savePng(name, typeof chart === 'function' ? chart() : chart)}>PNG</button>
    <button type="button" class="ghost small" data-export="data" title="Download the chart's data as JSON"
        @click=${() => download(`pyra-${name}-${stamp()}.json`, JSON.stringify(data(), null, 2), 'application/json')}>Data</button></span>`;
}

async function savePng(name, chart) {
  if (!chart) return;
  if (chart.getDataURL) {
    const background = getComputedStyle(document.documentElement).getPropertyValue('--card').trim() || '#fff';
    download(`pyra-${name}-${stamp()}.png`, chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }));
    return;
  }
  // an inline SVG: its computed colours inlined, drawn onto a canvas
  const clone = chart.cloneNode(true);
  const source = [chart, ...chart.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  source.forEach((node, i) => {
    const style = getComputedStyle(node);
    copies[i].setAttribute('style', ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-size', 'font-family', 'color']
      .map((p) => `${p}:${style.getPropertyValue(p)}`).join(';'));
  });
  const box = chart.getBoundingClientRect();
  clone.setAttribute('width', box.width);
  clone.setAttribute('height', box.height);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = box.width * 2;
  canvas.height = box.height * 2;
  const context = canvas.getContext('2d');
  context.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--card').trim() || '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(2, 2);
  context.drawImage(image, 0, 0);
  download(`pyra-${name}-${stamp()}.png`, canvas.toDataURL('image/png'));
}
