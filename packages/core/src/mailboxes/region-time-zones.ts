// Countries spanning several zones, by region: the region's code and its name both work ("TX",
// "Texas"). A region split between zones gets the zone most of its people live in. Best effort:
// an unknown region falls back to the campaign's zone.

type RegionTable = Readonly<Record<string, readonly [name: string, zone: string]>>;

const US: RegionTable = {
  AL: ['Alabama', 'America/Chicago'], AK: ['Alaska', 'America/Anchorage'], AZ: ['Arizona', 'America/Phoenix'],
  AR: ['Arkansas', 'America/Chicago'], CA: ['California', 'America/Los_Angeles'], CO: ['Colorado', 'America/Denver'],
  CT: ['Connecticut', 'America/New_York'], DE: ['Delaware', 'America/New_York'], DC: ['District of Columbia', 'America/New_York'],
  FL: ['Florida', 'America/New_York'], GA: ['Georgia', 'America/New_York'], HI: ['Hawaii', 'Pacific/Honolulu'],
  ID: ['Idaho', 'America/Boise'], IL: ['Illinois', 'America/Chicago'], IN: ['Indiana', 'America/Indiana/Indianapolis'],
  IA: ['Iowa', 'America/Chicago'], KS: ['Kansas', 'America/Chicago'], KY: ['Kentucky', 'America/New_York'],
  LA: ['Louisiana', 'America/Chicago'], ME: ['Maine', 'America/New_York'], MD: ['Maryland', 'America/New_York'],
  MA: ['Massachusetts', 'America/New_York'], MI: ['Michigan', 'America/Detroit'], MN: ['Minnesota', 'America/Chicago'],
  MS: ['Mississippi', 'America/Chicago'], MO: ['Missouri', 'America/Chicago'], MT: ['Montana', 'America/Denver'],
  NE: ['Nebraska', 'America/Chicago'], NV: ['Nevada', 'America/Los_Angeles'], NH: ['New Hampshire', 'America/New_York'],
  NJ: ['New Jersey', 'America/New_York'], NM: ['New Mexico', 'America/Denver'], NY: ['New York', 'America/New_York'],
  NC: ['North Carolina', 'America/New_York'], ND: ['North Dakota', 'America/Chicago'], OH: ['Ohio', 'America/New_York'],
  OK: ['Oklahoma', 'America/Chicago'], OR: ['Oregon', 'America/Los_Angeles'], PA: ['Pennsylvania', 'America/New_York'],
  RI: ['Rhode Island', 'America/New_York'], SC: ['South Carolina', 'America/New_York'], SD: ['South Dakota', 'America/Chicago'],
  TN: ['Tennessee', 'America/Chicago'], TX: ['Texas', 'America/Chicago'], UT: ['Utah', 'America/Denver'],
  VT: ['Vermont', 'America/New_York'], VA: ['Virginia', 'America/New_York'], WA: ['Washington', 'America/Los_Angeles'],
  WV: ['West Virginia', 'America/New_York'], WI: ['Wisconsin', 'America/Chicago'], WY: ['Wyoming', 'America/Denver'],
  PR: ['Puerto Rico', 'America/Puerto_Rico'],
};

const CA: RegionTable = {
  AB: ['Alberta', 'America/Edmonton'], BC: ['British Columbia', 'America/Vancouver'], MB: ['Manitoba', 'America/Winnipeg'],
  NB: ['New Brunswick', 'America/Moncton'], NL: ['Newfoundland and Labrador', 'America/St_Johns'], NS: ['Nova Scotia', 'America/Halifax'],
  NT: ['Northwest Territories', 'America/Yellowknife'], NU: ['Nunavut', 'America/Iqaluit'], ON: ['Ontario', 'America/Toronto'],
  PE: ['Prince Edward Island', 'America/Halifax'], QC: ['Quebec', 'America/Toronto'], SK: ['Saskatchewan', 'America/Regina'],
  YT: ['Yukon', 'America/Whitehorse'],
};

const AU: RegionTable = {
  NSW: ['New South Wales', 'Australia/Sydney'], VIC: ['Victoria', 'Australia/Melbourne'], QLD: ['Queensland', 'Australia/Brisbane'],
  SA: ['South Australia', 'Australia/Adelaide'], WA: ['Western Australia', 'Australia/Perth'], TAS: ['Tasmania', 'Australia/Hobart'],
  NT: ['Northern Territory', 'Australia/Darwin'], ACT: ['Australian Capital Territory', 'Australia/Sydney'],
};

const BR: RegionTable = {
  AC: ['Acre', 'America/Rio_Branco'], AL: ['Alagoas', 'America/Maceio'], AP: ['Amapá', 'America/Belem'], AM: ['Amazonas', 'America/Manaus'],
  BA: ['Bahia', 'America/Bahia'], CE: ['Ceará', 'America/Fortaleza'], DF: ['Distrito Federal', 'America/Sao_Paulo'],
  ES: ['Espírito Santo', 'America/Sao_Paulo'], GO: ['Goiás', 'America/Sao_Paulo'], MA: ['Maranhão', 'America/Fortaleza'],
  MT: ['Mato Grosso', 'America/Cuiaba'], MS: ['Mato Grosso do Sul', 'America/Campo_Grande'], MG: ['Minas Gerais', 'America/Sao_Paulo'],
  PA: ['Pará', 'America/Belem'], PB: ['Paraíba', 'America/Fortaleza'], PR: ['Paraná', 'America/Sao_Paulo'], PE: ['Pernambuco', 'America/Recife'],
  PI: ['Piauí', 'America/Fortaleza'], RJ: ['Rio de Janeiro', 'America/Sao_Paulo'], RN: ['Rio Grande do Norte', 'America/Fortaleza'],
  RS: ['Rio Grande do Sul', 'America/Sao_Paulo'], RO: ['Rondônia', 'America/Porto_Velho'], RR: ['Roraima', 'America/Boa_Vista'],
  SC: ['Santa Catarina', 'America/Sao_Paulo'], SP: ['São Paulo', 'America/Sao_Paulo'], SE: ['Sergipe', 'America/Maceio'],
  TO: ['Tocantins', 'America/Araguaina'],
};

// Mexico: nearly all states keep central time; the exceptions are listed, the rest default below.
const MX: RegionTable = {
  BC: ['Baja California', 'America/Tijuana'], BCS: ['Baja California Sur', 'America/Mazatlan'], SIN: ['Sinaloa', 'America/Mazatlan'],
  NAY: ['Nayarit', 'America/Mazatlan'], SON: ['Sonora', 'America/Hermosillo'], CHH: ['Chihuahua', 'America/Chihuahua'],
  ROO: ['Quintana Roo', 'America/Cancun'], CMX: ['Ciudad de México', 'America/Mexico_City'], JAL: ['Jalisco', 'America/Mexico_City'],
  NLE: ['Nuevo León', 'America/Monterrey'], YUC: ['Yucatán', 'America/Merida'],
};

// Russia: the largest cities' regions; most businesses sit in Moscow time, the default below.
const RU: RegionTable = {
  MOW: ['Moscow', 'Europe/Moscow'], SPE: ['Saint Petersburg', 'Europe/Moscow'], KGD: ['Kaliningrad', 'Europe/Kaliningrad'],
  SAM: ['Samara', 'Europe/Samara'], SVE: ['Sverdlovsk', 'Asia/Yekaterinburg'], NVS: ['Novosibirsk', 'Asia/Novosibirsk'],
  OMS: ['Omsk', 'Asia/Omsk'], KYA: ['Krasnoyarsk', 'Asia/Krasnoyarsk'], IRK: ['Irkutsk', 'Asia/Irkutsk'],
  PRI: ['Primorsky', 'Asia/Vladivostok'], KHA: ['Khabarovsk', 'Asia/Vladivostok'], BA: ['Bashkortostan', 'Asia/Yekaterinburg'],
  TA: ['Tatarstan', 'Europe/Moscow'], CHE: ['Chelyabinsk', 'Asia/Yekaterinburg'], KDA: ['Krasnodar', 'Europe/Moscow'],
};

export const REGION_TIME_ZONES: Readonly<Record<string, RegionTable>> = Object.freeze({ US, CA, AU, BR, MX, RU });

/** The zone a multi-zone country uses when the region is unknown but the country's mainstream is clear. */
export const COUNTRY_DEFAULT_ZONES: Readonly<Record<string, string>> = Object.freeze({ MX: 'America/Mexico_City', RU: 'Europe/Moscow' });
