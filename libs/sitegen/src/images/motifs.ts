/** Colours a motif is drawn with; picked from the site's palette by the composer. */
export interface Ink {
  main: string;
  accent: string;
  light: string;
  dark: string;
}

interface Motif {
  /** How an alt text or an image prompt names the subject. */
  label: string;
  /** Shapes inside a 200×200 box, centred on (100, 100). */
  draw(ink: Ink): string;
}

const stroke = (colour: string, width: number) =>
  `fill="none" stroke="${colour}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"`;

export const MOTIFS = {
  cup: {
    label: 'a steaming cup of coffee on a saucer',
    draw: (i) =>
      `<ellipse cx="100" cy="162" rx="72" ry="12" fill="${i.accent}"/><path d="M42 82h104v28a52 52 0 0 1-104 0z" fill="${i.main}"/><path d="M146 94h8a20 20 0 0 1 0 40h-16" ${stroke(i.main, 10)}/><path d="M72 64c-10-14 10-20 0-36M98 64c-10-14 10-20 0-36M124 64c-10-14 10-20 0-36" ${stroke(i.accent, 6)}/>`,
  },
  cake: {
    label: 'a layered celebration cake with a candle',
    draw: (i) =>
      `<rect x="40" y="112" width="120" height="48" rx="8" fill="${i.main}"/><rect x="56" y="74" width="88" height="42" rx="8" fill="${i.accent}"/><path d="M40 124q15 12 30 0t30 0 30 0 30 0" ${stroke(i.light, 6)}/><rect x="96" y="44" width="8" height="30" rx="3" fill="${i.dark}"/><path d="M100 24c8 8 6 16 0 18-6-2-8-10 0-18z" fill="${i.accent}"/><ellipse cx="100" cy="166" rx="78" ry="8" fill="${i.dark}" opacity=".2"/>`,
  },
  bread: {
    label: 'a crusty sourdough loaf and a croissant',
    draw: (i) =>
      `<ellipse cx="88" cy="110" rx="62" ry="40" fill="${i.main}"/><path d="M56 96l16 16M80 88l16 16M104 86l16 16" ${stroke(i.light, 6)}/><path d="M112 150c10-26 60-26 70 0-12 8-58 8-70 0z" fill="${i.accent}"/><path d="M132 136l6 16M158 136l-6 16" ${stroke(i.dark, 3)}/>`,
  },
  plate: {
    label: 'a plated dish with fork and knife',
    draw: (i) =>
      `<circle cx="100" cy="100" r="62" fill="${i.light}" stroke="${i.dark}" stroke-width="4"/><circle cx="100" cy="100" r="42" fill="${i.accent}"/><circle cx="88" cy="92" r="12" fill="${i.main}"/><circle cx="112" cy="108" r="9" fill="${i.main}"/><path d="M22 52v40M14 52v22a8 8 0 0 0 16 0V52M22 92v60M178 52c-10 8-10 40 0 44v56" ${stroke(i.dark, 6)}/>`,
  },
  bag: {
    label: 'a shopping bag with a ribbon',
    draw: (i) =>
      `<path d="M46 70h108l-8 96H54z" fill="${i.main}"/><path d="M74 84V58a26 26 0 0 1 52 0v26" ${stroke(i.dark, 8)}/><path d="M50 112h100" ${stroke(i.accent, 10)}/><circle cx="100" cy="112" r="10" fill="${i.accent}"/>`,
  },
  gem: {
    label: 'a faceted gemstone',
    draw: (i) =>
      `<path d="M60 50h80l32 36-72 78-72-78z" fill="${i.main}"/><path d="M28 86h144M60 50l20 36 20-36 20 36 20-36M80 86l20 78 20-78" ${stroke(i.light, 3)}/><path d="M150 30l4 10 10 4-10 4-4 10-4-10-10-4 10-4z" fill="${i.accent}"/>`,
  },
  laptop: {
    label: 'a laptop showing a product dashboard',
    draw: (i) =>
      `<rect x="38" y="46" width="124" height="84" rx="8" fill="${i.dark}"/><rect x="46" y="54" width="108" height="68" rx="4" fill="${i.light}"/><path d="M24 138h152l-10 16H34z" fill="${i.main}"/><path d="M58 108l20-18 16 10 24-26 22 14" ${stroke(i.main, 5)}/><rect x="58" y="62" width="30" height="8" rx="4" fill="${i.accent}"/>`,
  },
  chart: {
    label: 'rising bar and line charts',
    draw: (i) =>
      `<path d="M30 166h144" ${stroke(i.dark, 6)}/><rect x="42" y="110" width="24" height="52" rx="4" fill="${i.accent}"/><rect x="78" y="86" width="24" height="76" rx="4" fill="${i.main}"/><rect x="114" y="64" width="24" height="98" rx="4" fill="${i.accent}"/><rect x="150" y="40" width="24" height="122" rx="4" fill="${i.main}"/><path d="M40 90l40-28 36 14 52-46" ${stroke(i.dark, 5)}/>`,
  },
  camera: {
    label: 'a vintage camera',
    draw: (i) =>
      `<rect x="30" y="64" width="140" height="96" rx="14" fill="${i.dark}"/><path d="M70 64l10-18h40l10 18z" fill="${i.dark}"/><circle cx="100" cy="112" r="34" fill="${i.light}"/><circle cx="100" cy="112" r="24" fill="${i.main}"/><circle cx="92" cy="104" r="7" fill="${i.light}" opacity=".7"/><rect x="140" y="74" width="18" height="10" rx="3" fill="${i.accent}"/>`,
  },
  landscape: {
    label: 'a mountain landscape at golden hour',
    draw: (i) =>
      `<rect x="20" y="30" width="160" height="140" rx="10" fill="${i.light}"/><circle cx="136" cy="70" r="18" fill="${i.accent}"/><path d="M20 150l50-66 34 40 22-24 54 50v10a10 10 0 0 1-10 10H30a10 10 0 0 1-10-10z" fill="${i.main}"/>`,
  },
  person: {
    label: 'a friendly portrait',
    draw: (i) =>
      `<circle cx="100" cy="100" r="80" fill="${i.light}"/><circle cx="100" cy="82" r="30" fill="${i.accent}"/><path d="M44 160a56 48 0 0 1 112 0" fill="${i.main}"/>`,
  },
  dumbbell: {
    label: 'a pair of dumbbells',
    draw: (i) =>
      `<rect x="36" y="64" width="20" height="72" rx="6" fill="${i.main}"/><rect x="144" y="64" width="20" height="72" rx="6" fill="${i.main}"/><rect x="20" y="78" width="16" height="44" rx="5" fill="${i.dark}"/><rect x="164" y="78" width="16" height="44" rx="5" fill="${i.dark}"/><rect x="56" y="94" width="88" height="12" rx="4" fill="${i.accent}"/>`,
  },
  house: {
    label: 'a modern house with a garden',
    draw: (i) =>
      `<path d="M36 96l64-52 64 52" fill="${i.main}"/><rect x="48" y="92" width="104" height="72" fill="${i.light}" stroke="${i.dark}" stroke-width="4"/><rect x="88" y="118" width="24" height="46" fill="${i.main}"/><rect x="60" y="106" width="20" height="18" fill="${i.accent}"/><rect x="120" y="106" width="20" height="18" fill="${i.accent}"/><circle cx="174" cy="148" r="14" fill="${i.accent}"/><path d="M20 166h160" ${stroke(i.dark, 4)}/>`,
  },
  book: {
    label: 'an open book',
    draw: (i) =>
      `<path d="M100 58c-20-14-50-16-72-10v104c22-6 52-4 72 10z" fill="${i.main}"/><path d="M100 58c20-14 50-16 72-10v104c-22-6-52-4-72 10z" fill="${i.accent}"/><path d="M42 76c16-4 34-2 46 4M42 98c16-4 34-2 46 4M112 80c12-6 30-8 46-4M112 102c12-6 30-8 46-4" ${stroke(i.light, 4)}/>`,
  },
  cap: {
    label: 'a graduation cap over a stack of books',
    draw: (i) =>
      `<path d="M100 36l80 32-80 32-80-32z" fill="${i.dark}"/><path d="M58 84v26c0 12 84 12 84 0V84" fill="${i.main}"/><path d="M176 70v40" ${stroke(i.accent, 4)}/><circle cx="176" cy="114" r="6" fill="${i.accent}"/><rect x="48" y="140" width="104" height="14" rx="3" fill="${i.accent}"/><rect x="56" y="154" width="92" height="14" rx="3" fill="${i.main}"/>`,
  },
  care: {
    label: 'a heart with a pulse line, for health care',
    draw: (i) =>
      `<path d="M100 168s-72-40-72-94a38 38 0 0 1 72-18 38 38 0 0 1 72 18c0 54-72 94-72 94z" fill="${i.main}"/><path d="M36 100h40l12-24 18 46 12-22h46" ${stroke(i.light, 7)}/>`,
  },
  scales: {
    label: 'the scales of justice',
    draw: (i) =>
      `<path d="M100 34v124M60 162h80M40 58h120" ${stroke(i.dark, 7)}/><path d="M40 58l-22 50h44zM160 58l-22 50h44z" ${stroke(i.main, 4)}/><path d="M18 108a22 12 0 0 0 44 0zM138 108a22 12 0 0 0 44 0z" fill="${i.accent}"/><circle cx="100" cy="34" r="8" fill="${i.accent}"/>`,
  },
  bed: {
    label: 'a made hotel bed with pillows',
    draw: (i) =>
      `<rect x="24" y="60" width="20" height="104" rx="4" fill="${i.dark}"/><rect x="44" y="110" width="132" height="36" rx="6" fill="${i.main}"/><rect x="52" y="90" width="40" height="22" rx="8" fill="${i.light}"/><rect x="98" y="90" width="40" height="22" rx="8" fill="${i.light}"/><path d="M44 126h132" ${stroke(i.accent, 6)}/><rect x="168" y="146" width="8" height="18" fill="${i.dark}"/>`,
  },
  suitcase: {
    label: 'a travel suitcase with stickers',
    draw: (i) =>
      `<rect x="44" y="62" width="112" height="100" rx="12" fill="${i.main}"/><path d="M80 62V46h40v16" ${stroke(i.dark, 8)}/><path d="M74 62v100M126 62v100" ${stroke(i.dark, 5)}/><circle cx="100" cy="100" r="14" fill="${i.accent}"/><circle cx="64" cy="170" r="6" fill="${i.dark}"/><circle cx="136" cy="170" r="6" fill="${i.dark}"/>`,
  },
  plane: {
    label: 'an aeroplane over the clouds',
    draw: (i) =>
      `<path d="M30 110l140-44c10-3 16 8 6 14L80 130l-20 22-8-4 8-24-30-6z" fill="${i.main}"/><path d="M96 104l-30-34 14-4 40 26" fill="${i.accent}"/><path d="M30 160c8-12 28-12 34 0M120 170c8-12 28-12 34 0" ${stroke(i.dark, 5)}/>`,
  },
  rings: {
    label: 'two interlocking wedding rings',
    draw: (i) =>
      `<circle cx="80" cy="110" r="44" ${stroke(i.accent, 12)}/><circle cx="124" cy="110" r="44" ${stroke(i.main, 12)}/><path d="M80 66l-12-14h24z" fill="${i.light}" stroke="${i.dark}" stroke-width="3"/>`,
  },
  guitar: {
    label: 'an electric guitar',
    draw: (i) =>
      `<path d="M70 110c-30 0-44 30-30 48s44 14 52-10c12 2 22-6 20-20-2-16-24-20-42-18z" fill="${i.main}"/><path d="M96 116l66-72" ${stroke(i.dark, 8)}/><rect x="156" y="30" width="18" height="24" rx="4" transform="rotate(42 165 42)" fill="${i.accent}"/><circle cx="78" cy="134" r="8" fill="${i.dark}"/>`,
  },
  note: {
    label: 'musical notes',
    draw: (i) =>
      `<path d="M78 140V52l78-16v88" ${stroke(i.dark, 8)}/><ellipse cx="62" cy="142" rx="20" ry="15" fill="${i.main}"/><ellipse cx="140" cy="126" rx="20" ry="15" fill="${i.accent}"/><path d="M78 72l78-16" ${stroke(i.main, 10)}/>`,
  },
  rocket: {
    label: 'a rocket lifting off',
    draw: (i) =>
      `<path d="M100 20c28 22 36 60 28 100H72c-8-40 0-78 28-100z" fill="${i.main}"/><circle cx="100" cy="70" r="14" fill="${i.light}"/><path d="M72 104l-22 30h26zM128 104l22 30h-26z" fill="${i.accent}"/><path d="M84 124c4 22 8 30 16 44 8-14 12-22 16-44z" fill="${i.accent}"/>`,
  },
  building: {
    label: 'a contemporary building facade',
    draw: (i) =>
      `<path d="M40 168V70l60-34v132z" fill="${i.main}"/><path d="M100 168V52l60 30v86z" fill="${i.dark}"/><path d="M52 84h36M52 102h36M52 120h36M52 138h36M112 88h36M112 106h36M112 124h36M112 142h36" ${stroke(i.light, 5)}/><path d="M24 168h152" ${stroke(i.accent, 6)}/>`,
  },
  lightbulb: {
    label: 'a glowing light bulb, for ideas',
    draw: (i) =>
      `<path d="M100 30a46 46 0 0 0-28 82c8 8 8 16 8 22h40c0-6 0-14 8-22a46 46 0 0 0-28-82z" fill="${i.accent}"/><rect x="80" y="140" width="40" height="10" rx="3" fill="${i.dark}"/><rect x="84" y="154" width="32" height="10" rx="3" fill="${i.dark}"/><path d="M90 112l10-30 10 30M30 76h-14M184 76h-14M46 30l-10-10M154 30l10-10" ${stroke(i.main, 5)}/>`,
  },
  phone: {
    label: 'a smartphone showing an app',
    draw: (i) =>
      `<rect x="58" y="20" width="84" height="160" rx="16" fill="${i.dark}"/><rect x="66" y="34" width="68" height="128" rx="6" fill="${i.light}"/><rect x="74" y="46" width="52" height="30" rx="6" fill="${i.main}"/><rect x="74" y="84" width="24" height="24" rx="6" fill="${i.accent}"/><rect x="102" y="84" width="24" height="24" rx="6" fill="${i.main}"/><rect x="74" y="116" width="52" height="8" rx="4" fill="${i.accent}"/><rect x="74" y="130" width="36" height="8" rx="4" fill="${i.main}"/>`,
  },
  mic: {
    label: 'a studio microphone',
    draw: (i) =>
      `<rect x="74" y="24" width="52" height="92" rx="26" fill="${i.main}"/><path d="M80 50h40M80 66h40M80 82h40" ${stroke(i.light, 4)}/><path d="M56 96a44 44 0 0 0 88 0M100 140v26M72 168h56" ${stroke(i.dark, 7)}/><circle cx="166" cy="46" r="8" fill="${i.accent}"/><path d="M150 30a24 24 0 0 1 0 32M34 30a24 24 0 0 0 0 32" ${stroke(i.accent, 4)}/>`,
  },
  ticket: {
    label: 'an event ticket with a star',
    draw: (i) =>
      `<path d="M24 60h152v24a16 16 0 0 0 0 32v24H24v-24a16 16 0 0 0 0-32z" fill="${i.main}"/><path d="M130 64v72" stroke="${i.light}" stroke-width="4" stroke-dasharray="6 6"/><path d="M78 78l7 14 15 2-11 10 3 15-14-7-14 7 3-15-11-10 15-2z" fill="${i.accent}"/>`,
  },
  hands: {
    label: 'open hands holding a heart',
    draw: (i) =>
      `<path d="M100 104s-34-18-34-42a18 18 0 0 1 34-8 18 18 0 0 1 34 8c0 24-34 42-34 42z" fill="${i.accent}"/><path d="M20 120c20 0 34 6 50 22l22 10c6 4 2 12-6 10l-22-6M180 120c-20 0-34 6-50 22l-22 10c-6 4-2 12 6 10l22-6" ${stroke(i.main, 9)}/>`,
  },
  map: {
    label: 'a street map with a location pin',
    draw: (i) =>
      `<rect x="20" y="30" width="160" height="140" rx="10" fill="${i.light}"/><path d="M20 90h160M70 30v140M130 30v140M20 140c50-10 90 10 160-8" ${stroke(i.accent, 6)}/><path d="M100 120s-24-24-24-44a24 24 0 0 1 48 0c0 20-24 44-24 44z" fill="${i.main}"/><circle cx="100" cy="76" r="8" fill="${i.light}"/>`,
  },
  leaf: {
    label: 'a growing plant with leaves',
    draw: (i) =>
      `<path d="M100 170V90" ${stroke(i.dark, 6)}/><path d="M100 110c-40 4-60-20-62-56 40 0 60 20 62 56z" fill="${i.main}"/><path d="M100 94c4-40 30-58 66-56-2 40-28 58-66 56z" fill="${i.accent}"/><path d="M70 170h60l-6-20H76z" fill="${i.dark}"/>`,
  },
  brush: {
    label: 'a paintbrush and colour swatches',
    draw: (i) =>
      `<rect x="26" y="110" width="40" height="56" rx="6" fill="${i.main}"/><rect x="72" y="120" width="40" height="46" rx="6" fill="${i.accent}"/><rect x="118" y="130" width="40" height="36" rx="6" fill="${i.dark}"/><path d="M160 30l-64 64" ${stroke(i.dark, 10)}/><path d="M96 94c-14 0-22 10-22 22 12 0 26-6 26-18z" fill="${i.main}"/>`,
  },
  pen: {
    label: 'a fountain pen over a notebook',
    draw: (i) =>
      `<rect x="30" y="40" width="110" height="130" rx="8" fill="${i.light}" stroke="${i.dark}" stroke-width="4"/><path d="M46 70h76M46 92h76M46 114h52" ${stroke(i.accent, 5)}/><path d="M176 36l-60 96-10 18 16-12 60-96z" fill="${i.main}"/>`,
  },
  scissors: {
    label: 'salon scissors and a comb',
    draw: (i) =>
      `<circle cx="58" cy="140" r="20" ${stroke(i.main, 9)}/><circle cx="142" cy="140" r="20" ${stroke(i.main, 9)}/><path d="M72 126l70-96M128 126L58 30" ${stroke(i.dark, 8)}/><rect x="30" y="172" width="140" height="12" rx="4" fill="${i.accent}"/>`,
  },
  tools: {
    label: 'a wrench and a screwdriver, crossed',
    draw: (i) =>
      `<path d="M48 152l80-80" ${stroke(i.main, 16)}/><path d="M128 72a24 24 0 1 1 20 20l-8-4 6-16-16 6z" fill="${i.main}"/><path d="M152 152L80 80" ${stroke(i.accent, 10)}/><path d="M80 80l-22-22 10-10 22 22z" fill="${i.dark}"/>`,
  },
  globe: {
    label: 'a globe with travel routes',
    draw: (i) =>
      `<circle cx="100" cy="100" r="64" fill="${i.main}"/><path d="M36 100h128M100 36c28 30 28 98 0 128M100 36c-28 30-28 98 0 128" ${stroke(i.light, 4)}/><path d="M30 60c40-40 110-40 150 10" stroke="${i.accent}" stroke-width="4" fill="none" stroke-dasharray="8 6"/><circle cx="180" cy="70" r="7" fill="${i.accent}"/>`,
  },
  gift: {
    label: 'a wrapped gift box with a bow',
    draw: (i) =>
      `<rect x="40" y="84" width="120" height="84" rx="6" fill="${i.main}"/><rect x="32" y="64" width="136" height="26" rx="5" fill="${i.main}"/><rect x="92" y="64" width="16" height="104" fill="${i.accent}"/><path d="M100 64c-10-26-44-30-44-10 0 10 22 12 44 10zm0 0c10-26 44-30 44-10 0 10-22 12-44 10z" fill="${i.accent}"/>`,
  },
  star: {
    label: 'a bright star with sparkles',
    draw: (i) =>
      `<path d="M100 26l20 46 50 4-38 32 12 48-44-26-44 26 12-48-38-32 50-4z" fill="${i.main}"/><path d="M166 140l4 10 10 4-10 4-4 10-4-10-10-4 10-4zM34 40l3 8 8 3-8 3-3 8-3-8-8-3 8-3z" fill="${i.accent}"/>`,
  },
} satisfies Record<string, Motif>;

export type MotifId = keyof typeof MOTIFS;
export const MOTIF_IDS = Object.keys(MOTIFS) as [MotifId, ...MotifId[]];
