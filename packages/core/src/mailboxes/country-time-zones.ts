// Countries that live in one zone (or nearly all their people do), by ISO 3166 code. Countries
// spanning several zones are read by region in region-time-zones.ts; any other country falls back
// to the campaign's zone.
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = Object.freeze({
  // Europe
  AD: 'Europe/Andorra', AL: 'Europe/Tirane', AT: 'Europe/Vienna', BA: 'Europe/Sarajevo', BE: 'Europe/Brussels',
  BG: 'Europe/Sofia', BY: 'Europe/Minsk', CH: 'Europe/Zurich', CY: 'Asia/Nicosia', CZ: 'Europe/Prague',
  DE: 'Europe/Berlin', DK: 'Europe/Copenhagen', EE: 'Europe/Tallinn', ES: 'Europe/Madrid', FI: 'Europe/Helsinki',
  FR: 'Europe/Paris', GB: 'Europe/London', GI: 'Europe/Gibraltar', GR: 'Europe/Athens', HR: 'Europe/Zagreb',
  HU: 'Europe/Budapest', IE: 'Europe/Dublin', IS: 'Atlantic/Reykjavik', IT: 'Europe/Rome', LI: 'Europe/Vaduz',
  LT: 'Europe/Vilnius', LU: 'Europe/Luxembourg', LV: 'Europe/Riga', MC: 'Europe/Monaco', MD: 'Europe/Chisinau',
  ME: 'Europe/Podgorica', MK: 'Europe/Skopje', MT: 'Europe/Malta', NL: 'Europe/Amsterdam', NO: 'Europe/Oslo',
  PL: 'Europe/Warsaw', PT: 'Europe/Lisbon', RO: 'Europe/Bucharest', RS: 'Europe/Belgrade', SE: 'Europe/Stockholm',
  SI: 'Europe/Ljubljana', SK: 'Europe/Bratislava', SM: 'Europe/San_Marino', TR: 'Europe/Istanbul', UA: 'Europe/Kyiv',
  // Middle East and Africa
  AE: 'Asia/Dubai', BH: 'Asia/Bahrain', EG: 'Africa/Cairo', GH: 'Africa/Accra', IL: 'Asia/Jerusalem',
  IQ: 'Asia/Baghdad', IR: 'Asia/Tehran', JO: 'Asia/Amman', KE: 'Africa/Nairobi', KW: 'Asia/Kuwait',
  LB: 'Asia/Beirut', MA: 'Africa/Casablanca', NG: 'Africa/Lagos', OM: 'Asia/Muscat', QA: 'Asia/Qatar',
  SA: 'Asia/Riyadh', TN: 'Africa/Tunis', TZ: 'Africa/Dar_es_Salaam', UG: 'Africa/Kampala', ZA: 'Africa/Johannesburg',
  DZ: 'Africa/Algiers', ET: 'Africa/Addis_Ababa', RW: 'Africa/Kigali', SN: 'Africa/Dakar', CI: 'Africa/Abidjan',
  // Asia and Oceania
  BD: 'Asia/Dhaka', CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong', ID: 'Asia/Jakarta', IN: 'Asia/Kolkata',
  JP: 'Asia/Tokyo', KR: 'Asia/Seoul', KZ: 'Asia/Almaty', LK: 'Asia/Colombo', MY: 'Asia/Kuala_Lumpur',
  NP: 'Asia/Kathmandu', NZ: 'Pacific/Auckland', PH: 'Asia/Manila', PK: 'Asia/Karachi', SG: 'Asia/Singapore',
  TH: 'Asia/Bangkok', TW: 'Asia/Taipei', VN: 'Asia/Ho_Chi_Minh', GE: 'Asia/Tbilisi', AM: 'Asia/Yerevan',
  AZ: 'Asia/Baku', UZ: 'Asia/Tashkent', MO: 'Asia/Macau', KH: 'Asia/Phnom_Penh', MM: 'Asia/Yangon',
  // The Americas (single-zone)
  AR: 'America/Argentina/Buenos_Aires', BO: 'America/La_Paz', BS: 'America/Nassau', BZ: 'America/Belize', CL: 'America/Santiago',
  CO: 'America/Bogota', CR: 'America/Costa_Rica', CU: 'America/Havana', DO: 'America/Santo_Domingo', EC: 'America/Guayaquil',
  GT: 'America/Guatemala', HN: 'America/Tegucigalpa', JM: 'America/Jamaica', NI: 'America/Managua', PA: 'America/Panama',
  PE: 'America/Lima', PR: 'America/Puerto_Rico', PY: 'America/Asuncion', SV: 'America/El_Salvador', TT: 'America/Port_of_Spain',
  UY: 'America/Montevideo', VE: 'America/Caracas',
});
