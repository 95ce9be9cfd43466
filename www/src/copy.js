// The page's own words about the members (hints under the fields, the
// sections' titles), keyed by the member's role from kinds(): what the
// package does not say for people. They follow the kind and the platform
// where those change what a member accepts (SPEC §7, §9), and take the
// limits from the package (a name's bytes, a batch description's
// characters).

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

const UNIT = { bytes: 'bytes', chars: 'characters', items: 'items' };
const limitText = (limit) => (limit ? `at most ${limit.max} ${UNIT[limit.unit]}` : '');
const itemLimit = (member, role) => member.items?.find((item) => item.role === role)?.limit;

/** Hints by role: a text, or a function of the member, the kind's name and the platform. */
const HINTS = {
  'server-group': (m, kind) => `The pair of sites (production and DR) the ${kind === 'batch' ? 'servers are' : 'server is'} replicated between.`,
  server: () => 'The ECS to protect; it must be in the protection group\'s production VPC and zone.',
  name: (m, kind, platform) => (platform === 'huawei'
    ? `Letters, digits, Chinese characters (U+4E00–U+9FA5), ".", "_" and "-"; ${limitText(m.limit)} (a Chinese character takes 3).`
    : `Letters, digits, ".", "_" and "-"; ${limitText(m.limit)}.`),
  description: (m) => `Optional; ${limitText(m.limit)}, no "<" or ">".`,
  subnet: (m, kind) => (kind === 'batch'
    ? 'Optional; the subnet of the DR site servers\' primary NICs (the batch call assigns their addresses).'
    : 'Optional; the subnet of the DR site server\'s primary NIC.'),
  address: () => 'Optional; a free IPv4 address in the DR site subnet.',
  flavor: () => 'Optional; by default the DR site server gets the production server\'s flavor.',
  cluster: () => 'Optional; the ID of the dedicated distributed storage pool (DSS) for the DR site server\'s disks.',
  tenancy: () => 'Optional; "dedicated" puts the DR site server on a dedicated host (default "shared").',
  'dedicated-host': () => 'Optional; the ID of the dedicated host, with tenancy "dedicated".',
  // On Open Telekom Cloud a character outside the SDRS console's tag set is
  // a warning (tag-portable-charset; the Tag Management Service's `@` is not
  // in it); Huawei Cloud refuses only the forbidden set (tag-key-charset,
  // tag-value-charset).
  tags: (m, kind, platform) => {
    const head = `At most ${m.limit?.max} tags; keys unique, at most ${itemLimit(m, 'tag-key')?.max} characters, values at most ${itemLimit(m, 'tag-value')?.max}`;
    return platform === 'huawei'
      ? `${head}, of any character but * < > \\ = , | / and control characters.`
      : `${head}. Keys and values of letters, digits, "_" and "-": the console's tag editor accepts no other character.`;
  },
};

/** What the hint under `member`'s field says for a request of kind `kind` (its name) on `platform`; empty for a role the page has no words for. */
export function hintOf(member, kind, platform) {
  const hint = HINTS[member.role];
  return typeof hint === 'function' ? hint(member, kind.name ?? kind, platform) : hint ?? '';
}

const SECTIONS = {
  source: { single: 'Protection group and production server', batch: 'Protection group' },
  instance: { single: 'Protected instance', batch: 'Protected instances' },
  dr: { single: 'DR site', batch: 'DR site' },
  dedicated: { single: 'Dedicated resources', batch: 'Dedicated resources' },
  other: { single: 'More members', batch: 'More members' },
};

const NOTES = {
  dr: { single: 'Where the DR site server is created when the protection group fails over.',
    batch: 'Where the DR site servers are created when the protection group fails over.' },
  dedicated: { single: 'Huawei Cloud only: a storage pool and a dedicated host for the DR site server.',
    batch: 'Huawei Cloud only: a storage pool and a dedicated host for the DR site servers.' },
};

/** A section's title and note for a request of `kind`. */
export function sectionText(key, kind) {
  return { title: SECTIONS[key]?.[kind.name] ?? SECTIONS.other.single, note: NOTES[key]?.[kind.name] ?? null };
}

/** What a row of list member `list` is called for people ("Tag 3"), counting from 1 (SPEC §2). */
const ROW_TITLE = { tags: (n) => `Tag ${n}`, servers: (n) => `Server ${n}` };
export const rowTitle = (list, index) => (ROW_TITLE[list.name] ?? ((n) => `${list.label} ${n}`))(index + 1);

/** A place of request-kinds.js placeOf for people: "Name", "Tag 3: Key", "Request body". */
export function placeLabel(place, kind) {
  const member = kind.members.find((m) => m.name === (place.field ?? place.list));
  if (!member) return 'Request body';
  if (place.row === undefined) return member.label;
  const cell = member.items.find((item) => item.name === place.cell);
  return cell ? `${rowTitle(member, place.row)}: ${cell.label}` : rowTitle(member, place.row);
}

/** The switch between the two calls, and what switching does to the body. */
export const KIND_SWITCH = {
  label: 'Protect several servers',
  note: '(the batch call)',
  what: 'Switching converts the body in the editor: "name" becomes "name_prefix" and back, "server_id" and "flavorRef" the first of "servers" and back. What the other call has no place for (such as "primary_ip_address" or a second server) stays in the body, where its check reports it. Ctrl-Z in the editor switches back.',
};

const quoted = (names) => names.map((n) => `"${n}"`).join(' and ');

/** What a conversion did (convertBody's `notes`), or why it did nothing (`refused`), for people. */
export function conversionNotes({ notes = [], refused }) {
  if (refused) {
    return [{
      'not-parsed': 'The body is not valid JSON: finish or undo the edit in the editor, then switch.',
      'not-object': 'The body is not shaped like a request (its root or its wrapper is not an object): change it in the editor, then switch.',
      'both-wrappers': 'The body has both "protected_instance" and "protected_instances": remove one in the editor, then switch.',
      unchanged: 'Nothing in the body differs between the calls, and it has no wrapper: wrap its members (the Fix of missing-wrapper), then switch.',
    }[refused]];
  }
  return notes.map((note) => {
    switch (note.what) {
      case 'renamed': return `"${note.from}" is now "${note.to}".`;
      case 'wrapper-added': return `The body has a "${note.wrapper}" wrapper now.`;
      case 'into-list': return note.first
        ? `${quoted(note.members)} became the first server of "${note.list}", before the ones it had.`
        : `${quoted(note.members)} became the one server of "${note.list}".`;
      case 'out-of-list': return note.rest === 0
        ? `The one server of "${note.list}" became ${quoted(note.members)}.`
        : `The first server of "${note.list}" became ${quoted(note.members)}; the other ${note.rest} stay${note.rest === 1 ? 's' : ''} in "${note.list}", which this call does not have: its check reports ${note.rest === 1 ? 'it' : 'them'}, and switching back takes ${note.rest === 1 ? 'it' : 'them'} along.`;
      case 'removed-empty': return `The empty "${note.member}" is gone: it held no server.`;
      case 'kept': return {
        unknown: `"${note.member}" stays in the body, although this call has no such member: its check reports it, and its Fix removes it.`,
        taken: `"${note.member}" stays as it is: the body has "${note.by}" already.`,
        repeated: `"${note.member}" is in the body more than once, so nothing was moved: it stays as it is.`,
        'list-not-array': `"${note.member}" stays as it is: "${note.list}" is not a list.`,
        'not-array': `"${note.member}" stays as it is: it is not a list.`,
        'first-other': `"${note.member}" stays as it is: its first server has members this call has no place for.`,
      }[note.because];
      default: return '';
    }
  }).filter(Boolean);
}

/** The names the service makes of a name prefix for `count` servers (SPEC §9: -0001, -0002, …). */
export function generatedNames(prefix, count) {
  const name = (n) => `${prefix}-${String(n).padStart(4, '0')}`;
  const names = count <= 3 ? Array.from({ length: count }, (_, i) => name(i + 1)) : [name(1), name(2), '…', name(count)];
  return `The service names them ${names.join(', ')}.`;
}

/** The page's title and subtitle for a request of each kind. */
export const KIND_HEAD = {
  single: { title: 'Create protected instance', subtitle: 'Protects an ECS by replicating it to the DR site of a protection group.' },
  batch: { title: 'Create protected instances', subtitle: 'Protects several ECSs in one job by replicating them to the DR site of a protection group.' },
};
