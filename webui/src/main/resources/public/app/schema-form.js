// Form fields generated from the config's JSON Schema: the schema gives each field its control,
// its title and its description; the server's validation gives the error messages, shown under
// the field they name. Values stay as the JSON holds them (decimals as strings, never floats).
import { html, nothing } from 'lit';

/** A schema node with its $ref followed (the config schema's refs are local: #/$defs/...). */
export function resolve(root, node) {
  if (!node) return {};
  if (node.$ref) {
    const target = node.$ref.replace(/^#\//, '').split('/').reduce((n, key) => n?.[key], root);
    const { $ref, ...rest } = node;
    return { ...resolve(root, target), ...rest };
  }
  return node;
}

/** ['engine', 'layers', 1, 'gapPercent'] → "$.engine.layers[1].gapPercent", as the server names it. */
export function jsonPath(path) {
  return path.reduce((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), '$');
}

/** An element id for a path: f-engine-layers-1-gapPercent. */
export const fieldId = (path) => `f-${path.join('-')}`;

export function getAt(object, path) {
  return path.reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), object);
}

/** A copy of `object` with `value` at `path` (undefined removes it). */
export function setAt(object, path, value) {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = Array.isArray(object) ? [...object] : { ...(object ?? {}) };
  const next = setAt(copy[head], rest, value);
  if (next === undefined) {
    if (Array.isArray(copy)) copy.splice(head, 1); else delete copy[head];
  } else {
    copy[head] = next;
  }
  return copy;
}

const isSecret = (name) => ['secret', 'password', 'apikey', 'apisecret', 'passphrase', 'privatekey'].includes(String(name).toLowerCase());
const isDecimal = (s) => Array.isArray(s.type) && s.type.includes('string') && s.type.includes('number');
const types = (s) => (Array.isArray(s.type) ? s.type : [s.type]);

/**
 * The errors for a path: its own, and (with `below`) those of everything under it. The server's
 * messages, word for word.
 */
export function errorsAt(errors, path, below = false) {
  const key = jsonPath(path);
  return errors.filter((e) => e.path === key || (below && (e.path.startsWith(`${key}.`) || e.path.startsWith(`${key}[`))));
}

function messages(errors, path) {
  const own = errorsAt(errors, path);
  return own.length === 0 ? nothing : html`<ul class="field-errors" id="${fieldId(path)}-errors" role="alert">
    ${own.map((e) => html`<li>${e.message}</li>`)}</ul>`;
}

function help(schema, path) {
  return schema.description ? html`<small class="help" id="${fieldId(path)}-help">${schema.description}</small>` : nothing;
}

/**
 * One field. `form` = { root, errors, set(path, value), skip(path, schema) }; a skipped field is
 * rendered by its page (secrets: through the key store, never in the config form).
 */
export function field(form, schemaNode, path, value) {
  const schema = resolve(form.root, schemaNode);
  const name = path[path.length - 1];
  if (form.skip?.(path, schema)) return nothing;
  if (isSecret(name) && types(schema).includes('string')) return nothing; // keys go through the key store
  if (types(schema).includes('object') && schema.properties) return objectField(form, schema, path, value ?? {});
  if (types(schema).includes('object') && schema.additionalProperties) return mapField(form, schema, path, value ?? {});
  if (types(schema).includes('array')) {
    const items = resolve(form.root, schema.items);
    if (types(items).includes('object')) return tableField(form, schema, items, path, value ?? []);
    if (items['x-choices']) return chainField(form, schema, items, path, value ?? []);
    return listField(form, schema, path, value ?? []);
  }
  return leaf(form, schema, path, value);
}

function invalid(form, path) {
  return errorsAt(form.errors, path).length > 0;
}

function leaf(form, schema, path, value) {
  const id = fieldId(path);
  const described = [schema.description ? `${id}-help` : '', invalid(form, path) ? `${id}-errors` : ''].filter(Boolean).join(' ');
  const title = schema.title ?? path[path.length - 1];
  if (types(schema).includes('boolean')) {
    return html`<div class="field check">
      <label for=${id}><input type="checkbox" id=${id} .checked=${value === true} aria-describedby=${described || nothing}
          @change=${(e) => form.set(path, e.target.checked)}> ${title}</label>
      ${help(schema, path)}${messages(form.errors, path)}</div>`;
  }
  const choices = schema.enum ?? schema['x-choices']?.map((c) => c.id);
  let control;
  if (choices) {
    const labels = Object.fromEntries((schema['x-choices'] ?? []).map((c) => [c.id, `${c.id} (${c.plugin})`]));
    const known = choices.includes(value);
    control = html`<select id=${id} aria-describedby=${described || nothing} aria-invalid=${invalid(form, path)}
        @change=${(e) => form.set(path, e.target.value)}>
      ${known ? nothing : html`<option value=${value ?? ''} selected>${value ?? '—'} (not installed)</option>`}
      ${choices.map((c) => html`<option value=${c} ?selected=${c === value}>${labels[c] ?? c}</option>`)}</select>`;
  } else if (types(schema).includes('integer') || types(schema).includes('number') && !isDecimal(schema)) {
    control = html`<input id=${id} type="text" inputmode="numeric" .value=${value === undefined || value === null ? '' : String(value)}
        aria-describedby=${described || nothing} aria-invalid=${invalid(form, path)} class="short"
        @input=${(e) => form.set(path, asInteger(e.target.value))}>
      ${schema.minimum !== undefined || schema.maximum !== undefined ? html`<small class="muted">${range(schema)}</small>` : nothing}`;
  } else if (isDecimal(schema)) {
    control = html`<input id=${id} type="text" inputmode="decimal" class="short num" .value=${value === undefined || value === null ? '' : String(value)}
        aria-describedby=${described || nothing} aria-invalid=${invalid(form, path)}
        @input=${(e) => form.set(path, e.target.value.trim())}>`;
  } else {
    control = html`<input id=${id} type="text" .value=${value ?? ''} aria-describedby=${described || nothing}
        aria-invalid=${invalid(form, path)} @input=${(e) => form.set(path, e.target.value)}>`;
  }
  return html`<div class="field">
    <label for=${id}>${title}</label>
    <div class="control">${control}</div>
    ${help(schema, path)}${messages(form.errors, path)}</div>`;
}

function range(schema) {
  if (schema.minimum !== undefined && schema.maximum !== undefined) return `${schema.minimum}–${schema.maximum}`;
  return schema.minimum !== undefined ? `≥ ${schema.minimum}` : `≤ ${schema.maximum}`;
}

/** A whole number as a number; anything else as typed, for the server to name what is wrong. */
function asInteger(text) {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function objectField(form, schema, path, value) {
  const inner = Object.entries(schema.properties).map(([key, child]) => field(form, child, [...path, key], value[key]));
  if (path.length <= 1) return html`${inner}${messages(form.errors, path)}`; // a section: its card is its frame
  return html`<fieldset class="group" id=${fieldId(path)}>
    <legend>${schema.title ?? path[path.length - 1]}</legend>${help(schema, path)}
    ${inner}${messages(form.errors, path)}</fieldset>`;
}

/** An object of free keys (paper starting balances: asset → amount). */
function mapField(form, schema, path, value) {
  const entries = Object.entries(value);
  const rename = (from, to) => {
    const next = {};
    Object.entries(value).forEach(([k, v]) => { next[k === from ? to : k] = v; });
    form.set(path, next);
  };
  return html`<fieldset class="group" id=${fieldId(path)}>
    <legend>${schema.title ?? path[path.length - 1]}</legend>${help(schema, path)}
    <table class="grid compact"><tbody>${entries.map(([key, v], i) => html`<tr>
      <td><input aria-label="Name ${i + 1}" class="short" .value=${key} @change=${(e) => rename(key, e.target.value.trim())}></td>
      <td><input aria-label="${key} value" class="short num" inputmode="decimal" .value=${String(v)}
          @input=${(e) => form.set([...path, key], e.target.value.trim())}></td>
      <td><button type="button" class="ghost" aria-label="Remove ${key}" @click=${() => form.set([...path, key], undefined)}>✕</button></td>
      </tr>${messages(form.errors, [...path, key])}`)}</tbody></table>
    <button type="button" class="small" @click=${() => form.set([...path, `NEW${entries.length + 1}`], '0')}>Add</button>
    ${messages(form.errors, path)}</fieldset>`;
}

/** A list of words, one per line (allowed hosts, trusted proxies, addresses). */
function listField(form, schema, path, value) {
  const id = fieldId(path);
  return html`<div class="field">
    <label for=${id}>${schema.title ?? path[path.length - 1]}</label>
    <div class="control"><textarea id=${id} rows=${Math.min(6, Math.max(2, value.length + 1))} aria-describedby="${id}-help"
        .value=${value.join('\n')} @input=${(e) => form.set(path, e.target.value.split('\n').map((l) => l.trim()).filter(Boolean))}></textarea>
      <small class="muted">one per line</small></div>
    ${help(schema, path)}${messages(form.errors, path)}${value.map((_, i) => messages(form.errors, [...path, i]))}</div>`;
}

/**
 * An ordered chain of ids from the installed plugins (the queue's priority rules): drag a rule,
 * or move it with its buttons (keyboard); add one not in the chain; remove one.
 */
function chainField(form, schema, items, path, value) {
  const id = fieldId(path);
  const move = (from, to) => {
    if (to < 0 || to >= value.length || from === to) return;
    const next = [...value];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved);
    form.set(path, next);
  };
  const unused = items['x-choices'].filter((c) => !value.includes(c.id));
  return html`<div class="field">
    <span class="label" id="${id}-label">${schema.title ?? path[path.length - 1]}</span>
    <ol class="chain" id=${id} aria-labelledby="${id}-label">${value.map((rule, i) => html`
      <li draggable="true" data-rule=${rule}
          @dragstart=${(e) => { e.dataTransfer.setData('text/plain', String(i)); e.dataTransfer.effectAllowed = 'move'; }}
          @dragover=${(e) => e.preventDefault()}
          @drop=${(e) => { e.preventDefault(); move(Number(e.dataTransfer.getData('text/plain')), i); }}>
        <span class="grip" aria-hidden="true">⠿</span><span class="rank">${i + 1}.</span> <span class="rule">${rule}</span>
        <small class="muted">${items['x-choices'].find((c) => c.id === rule)?.plugin ?? 'not installed'}</small>
        <span class="moves">
          <button type="button" class="ghost small" aria-label="Move ${rule} up" ?disabled=${i === 0} @click=${() => move(i, i - 1)}>↑</button>
          <button type="button" class="ghost small" aria-label="Move ${rule} down" ?disabled=${i === value.length - 1}
              @click=${() => move(i, i + 1)}>↓</button>
          <button type="button" class="ghost small" aria-label="Remove ${rule}" @click=${() => form.set(path, value.filter((_, j) => j !== i))}>✕</button>
        </span>${messages(form.errors, [...path, i])}</li>`)}</ol>
    ${unused.length ? html`<label class="inline">Add a rule <select @change=${(e) => { if (e.target.value) form.set(path, [...value, e.target.value]); e.target.value = ''; }}>
        <option value="">—</option>${unused.map((c) => html`<option value=${c.id}>${c.id} (${c.plugin})</option>`)}</select></label>` : nothing}
    ${help(schema, path)}${messages(form.errors, path)}</div>`;
}

/** A list of objects (the DCA layers): a row each, a column per field; add and remove rows. */
function tableField(form, schema, items, path, value) {
  const columns = Object.entries(items.properties);
  const blank = Object.fromEntries(columns.map(([key, s]) => [key, resolve(form.root, s).default ?? '']));
  return html`<fieldset class="group" id=${fieldId(path)}>
    <legend>${schema.title ?? path[path.length - 1]}</legend>${help(schema, path)}
    <table class="grid compact layers">
      <thead><tr><th scope="col">#</th>${columns.map(([key, s]) => html`<th scope="col" title=${resolve(form.root, s).description ?? ''}>
        ${resolve(form.root, s).title ?? key}</th>`)}<th></th></tr></thead>
      <tbody>${value.map((row, i) => html`<tr data-row=${i}>
        <th scope="row">${i === 0 ? 'entry' : i}</th>
        ${columns.map(([key, s]) => {
          const cellPath = [...path, i, key];
          const cell = resolve(form.root, s);
          return html`<td><input id=${fieldId(cellPath)} class="short num" inputmode="decimal" aria-label="${cell.title ?? key} of layer ${i}"
              aria-invalid=${invalid(form, cellPath)} .value=${row[key] === undefined ? '' : String(row[key])}
              @input=${(e) => form.set(cellPath, e.target.value.trim())}>${messages(form.errors, cellPath)}</td>`;
        })}
        <td><button type="button" class="ghost" aria-label="Remove layer ${i}" ?disabled=${value.length <= 1}
            @click=${() => form.set(path, value.filter((_, j) => j !== i))}>✕</button></td></tr>`)}</tbody>
    </table>
    <button type="button" class="small" id="${fieldId(path)}-add" @click=${() => form.set(path, [...value, { ...blank }])}>Add a layer</button>
    ${help(items, [...path, 'items'])}${messages(form.errors, path)}</fieldset>`;
}
