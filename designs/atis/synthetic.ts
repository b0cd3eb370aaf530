// A small ATIS-like corpus generated from templates, so training, tests and the CLI run on a machine
// without the real data. Same shape as the real set: BIO slot tags, atis_* intents, UNK-first tables.
import { Rng } from '../transformer/rng.js';
import { UNK_LABEL, type AtisCorpus, type Utterance } from './corpus.js';

const CITIES = [
  'boston',
  'denver',
  'dallas',
  'atlanta',
  'baltimore',
  'pittsburgh',
  'new york',
  'san francisco',
  'washington',
  'philadelphia',
  'oakland',
  'salt lake city',
  'miami',
  'seattle',
  'chicago',
  'houston',
];
const AIRLINES = ['united', 'delta', 'american airlines', 'us air', 'continental', 'northwest'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const PERIODS = ['morning', 'afternoon', 'evening', 'night'];
const TIMES = ['8 am', '10 am', 'noon', '3 pm', '5 pm', '7 pm'];
const CODES = ['ap', 'fa', 'h', 'ua', 'dl', 'qx'];

const VALUES: Record<string, readonly string[]> = {
  'fromloc.city_name': CITIES,
  'toloc.city_name': CITIES,
  city_name: CITIES,
  airline_name: AIRLINES,
  'depart_date.day_name': DAYS,
  'depart_time.period_of_day': PERIODS,
  'depart_time.time': TIMES,
  fare_basis_code: CODES,
  airline_code: CODES,
};

/** intent -> templates; {slot} is filled with a value of that slot type and tagged B-/I-slot. */
const TEMPLATES: Record<string, string[]> = {
  atis_flight: [
    'i want to fly from {fromloc.city_name} to {toloc.city_name}',
    'show me flights from {fromloc.city_name} to {toloc.city_name} on {depart_date.day_name}',
    'list {airline_name} flights from {fromloc.city_name} to {toloc.city_name} in the {depart_time.period_of_day}',
    'flights from {fromloc.city_name} to {toloc.city_name} leaving at {depart_time.time}',
    'what flights go to {toloc.city_name} from {fromloc.city_name} on {depart_date.day_name} {depart_time.period_of_day}',
  ],
  atis_airfare: [
    'how much is a ticket from {fromloc.city_name} to {toloc.city_name}',
    'what is the cheapest fare from {fromloc.city_name} to {toloc.city_name} on {depart_date.day_name}',
    'show me the fares on {airline_name} to {toloc.city_name}',
  ],
  atis_ground_service: [
    'what ground transportation is available in {city_name}',
    'is there a limousine service in {city_name}',
    'how do i get downtown from the {city_name} airport',
  ],
  atis_airline: [
    'which airlines fly from {fromloc.city_name} to {toloc.city_name}',
    'what airline is {airline_code}',
    'list the airlines that serve {city_name}',
  ],
  atis_abbreviation: [
    'what does fare code {fare_basis_code} mean',
    'what is {fare_basis_code}',
    'explain the restriction {fare_basis_code}',
  ],
  atis_aircraft: [
    'what kind of aircraft does {airline_name} use from {fromloc.city_name} to {toloc.city_name}',
    'what type of plane flies to {toloc.city_name} on {depart_date.day_name}',
  ],
  atis_flight_time: [
    'what time does the {airline_name} flight leave {fromloc.city_name}',
    'give me the departure times from {fromloc.city_name} to {toloc.city_name} on {depart_date.day_name}',
  ],
  atis_quantity: [
    'how many flights does {airline_name} have to {toloc.city_name}',
    'how many {airline_name} flights leave {fromloc.city_name} in the {depart_time.period_of_day}',
  ],
};

function generate(rng: Rng, n: number): Utterance[] {
  const intents = Object.keys(TEMPLATES);
  const out: Utterance[] = [];
  for (let i = 0; i < n; i++) {
    // Skewed towards atis_flight as in the real data.
    const intent = rng.next() < 0.5 ? 'atis_flight' : rng.pick(intents);
    const template = rng.pick(TEMPLATES[intent]!);
    const words: string[] = [];
    const tags: string[] = [];
    for (const part of template.split(' ')) {
      const m = /^\{(.+)\}$/.exec(part);
      if (!m) {
        words.push(part);
        tags.push('O');
        continue;
      }
      const slot = m[1]!;
      rng
        .pick(VALUES[slot]!)
        .split(' ')
        .forEach((w, k) => {
          words.push(w);
          tags.push(`${k === 0 ? 'B' : 'I'}-${slot}`);
        });
    }
    out.push({ words, tags, intent });
  }
  return out;
}

export interface SyntheticOptions {
  seed?: number;
  train?: number;
  dev?: number;
  test?: number;
}

export function syntheticAtis(opts: SyntheticOptions = {}): AtisCorpus {
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed);
  const train = generate(rng, opts.train ?? 600);
  const dev = generate(rng, opts.dev ?? 100);
  const test = generate(rng, opts.test ?? 200);
  const slotTypes = Object.keys(VALUES).sort();
  return {
    source: `synthetic(seed=${seed})`,
    train,
    dev,
    test,
    intentLabels: [UNK_LABEL, ...Object.keys(TEMPLATES).sort()],
    slotLabels: [UNK_LABEL, 'O', ...slotTypes.flatMap((s) => [`B-${s}`, `I-${s}`])],
  };
}
