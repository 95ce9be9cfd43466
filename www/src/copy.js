// The page's own words about the members (hints under the fields, the
// cards' titles, the rows' names, what switching the call did), chosen by
// the member's role from kinds(): what the package does not say for
// people. They follow the kind and the platform where those change what a
// member accepts (SPEC §7, §9), take the limits from the package (a name's
// bytes, a batch description's characters) and their words from `t`, the
// page's strings in its language (i18n.js).

/** Which card a member's field is in, by its role; a list (tags, servers) has a card of its own. */
export const SECTION_OF_ROLE = {
  'server-group': 'source',
  server: 'source',
  name: 'instance',
  'name-prefix': 'instance',
  description: 'instance',
  subnet: 'dr',
  address: 'dr',
  flavor: 'dr',
  cluster: 'dedicated',
  tenancy: 'dedicated',
  'dedicated-host': 'dedicated',
};

const itemLimit = (member, role) => member.items?.find((item) => item.role === role)?.limit;
const onHuawei = (platform) => platform === 'huawei';

/**
 * Hints by role: each a function of the member, the kind's name, the
 * platform and the strings. On Open Telekom Cloud a tag character outside
 * the SDRS console's tag set is a warning (tag-portable-charset; the Tag
 * Management Service's `@` is not in it); Huawei Cloud refuses only the
 * forbidden set (tag-key-charset, tag-value-charset); Huawei Cloud's names
 * may hold Chinese characters.
 */
const HINTS = {
  'server-group': (m, kind, platform, t) => t.hints.serverGroup[kind],
  server: (m, kind, platform, t) => t.hints.server,
  servers: (m, kind, platform, t) => t.hints.servers({ max: m.limit?.max }),
  name: (m, kind, platform, t) => t.hints[onHuawei(platform) ? 'nameHuawei' : 'nameOtc']({ limit: t.limit(m.limit) }),
  'name-prefix': (m, kind, platform, t) => t.hints[onHuawei(platform) ? 'namePrefixHuawei' : 'namePrefixOtc']({ limit: t.limit(m.limit) }),
  description: (m, kind, platform, t) => t.hints.description({ limit: t.limit(m.limit) }),
  subnet: (m, kind, platform, t) => t.hints.subnet[kind],
  address: (m, kind, platform, t) => t.hints.address,
  flavor: (m, kind, platform, t) => t.hints.flavor,
  cluster: (m, kind, platform, t) => t.hints.cluster,
  tenancy: (m, kind, platform, t) => t.hints.tenancy,
  'dedicated-host': (m, kind, platform, t) => t.hints.dedicatedHost,
  tags: (m, kind, platform, t) => t.hints[onHuawei(platform) ? 'tagsHuawei' : 'tagsOtc']({
    max: m.limit?.max, keyMax: itemLimit(m, 'tag-key')?.max, valueMax: itemLimit(m, 'tag-value')?.max,
  }),
};

/** What the hint under `member`'s field says for a request of `kind` on `platform`; empty for a role the page has no words for. */
export function hintOf(member, kind, platform, t) {
  return HINTS[member.role]?.(member, kind.name, platform, t) ?? '';
}

/** A card's title and note for a request of `kind`. */
export function sectionText(key, kind, t) {
  const { sections } = t;
  return {
    title: (sections[key] ?? sections.other)[kind.name] ?? sections.other.single,
    note: sections[`${key}Note`]?.[kind.name] ?? null,
  };
}

/** What row `index` of list member `list` is called for people ("Tag 3"), counting from 1 (SPEC §2). */
export function rowTitle(list, index, t) {
  const title = t.form.row[list.name];
  return title ? title({ n: index + 1 }) : t.form.rowOther({ label: list.label, n: index + 1 });
}

/** A place of request-kinds.js placeOf for people: "Name", "Tag 3: Key", "Request body". */
export function placeLabel(place, kind, t) {
  const member = kind.members.find((m) => m.name === (place.field ?? place.list));
  if (!member) return t.form.requestBody;
  if (place.row === undefined) return member.label;
  const row = rowTitle(member, place.row, t);
  const cell = member.items.find((item) => item.name === place.cell);
  return cell ? t.form.cell({ row, cell: cell.label }) : row;
}

/** What a conversion did (convertBody's `notes`), or why it did nothing (`refused`), for people. */
export function conversionNotes({ notes = [], refused }, t) {
  const c = t.conversion;
  if (refused) return [c[refused]];
  return notes.map((note) => {
    switch (note.what) {
      case 'renamed': return c.renamed(note);
      case 'wrapper-added': return c.wrapperAdded(note);
      case 'into-list': return (note.first ? c.intoListFirst : c.intoList)(note);
      case 'out-of-list': return (note.rest === 0 ? c.outOfList : c.outOfListRest)(note);
      case 'removed-empty': return c.removedEmpty(note);
      case 'kept': return {
        unknown: c.keptUnknown,
        taken: c.keptTaken,
        repeated: c.keptRepeated,
        'list-not-array': c.keptListNotArray,
        'not-array': c.keptNotArray,
        'first-other': c.keptFirstOther,
      }[note.because]?.(note);
      default: return undefined;
    }
  }).filter(Boolean);
}

/** The names the service makes of a name prefix for `count` servers (SPEC §9: -0001, -0002, …). */
export function generatedNames(prefix, count, t) {
  const name = (n) => `${prefix}-${String(n).padStart(4, '0')}`;
  const names = count <= 3 ? Array.from({ length: count }, (_, i) => name(i + 1)) : [name(1), name(2), '…', name(count)];
  return t.facts.names({ names });
}
