/** The fixed vocabulary the sandbox world is generated from: cities, trades and the words of names. */

export const SANDBOX_CATEGORIES = ['plumber', 'dentist', 'bakery', 'electrician'] as const;
export type SandboxCategory = (typeof SANDBOX_CATEGORIES)[number];

export interface CategoryInfo {
  label: string;
  /** Places API (New) primary type. */
  placesType: string;
  /** Words a search query uses for this trade. */
  synonyms: string[];
  /** Plural for directory listings ("Plumbers in Austin"). */
  plural: string;
  namePatterns: string[];
  germanNamePatterns: string[];
  services: string[];
  roles: string[];
}

export const CATEGORIES: Record<SandboxCategory, CategoryInfo> = {
  plumber: {
    label: 'Plumber',
    placesType: 'plumber',
    synonyms: ['plumber', 'plumbers', 'plumbing', 'drain', 'drains', 'water heater'],
    plural: 'Plumbers',
    namePatterns: ['{Adj} Plumbing', '{Surname} & Sons Plumbing', '{City} Drain Pros', '{Adj} Pipe Co.', '{Surname} Plumbing & Heating'],
    germanNamePatterns: ['Sanitär {Surname}'],
    services: ['Leak detection and repair', 'Water heater installation', 'Drain cleaning and hydro-jetting', 'Sewer line replacement', '24/7 emergency callouts', 'Bathroom and kitchen remodels'],
    roles: ['Owner & Master Plumber', 'Service Manager', 'Office Manager', 'Lead Technician'],
  },
  dentist: {
    label: 'Dentist',
    placesType: 'dentist',
    synonyms: ['dentist', 'dentists', 'dental', 'dentistry', 'orthodontist', 'zahnarzt'],
    plural: 'Dentists',
    namePatterns: ['{Adj} Smile Dental', '{Surname} Family Dentistry', '{City} Dental Care', '{Adj} Dental Studio'],
    germanNamePatterns: ['Zahnarztpraxis Dr. {Surname}'],
    services: ['Cleanings and check-ups', 'Invisalign and clear aligners', 'Crowns and bridges', 'Teeth whitening', 'Emergency dental care', 'Pediatric dentistry'],
    roles: ['Lead Dentist, DDS', 'Practice Manager', 'Dental Hygienist', 'Patient Coordinator'],
  },
  bakery: {
    label: 'Bakery',
    placesType: 'bakery',
    synonyms: ['bakery', 'bakeries', 'baker', 'bakers', 'bread', 'pastry', 'cakes', 'bäckerei', 'baeckerei'],
    plural: 'Bakeries',
    namePatterns: ['{Adj} Bakehouse', "{Surname}'s Bakery", '{City} Bread Co.', '{Adj} Crumb Bakery', 'The {Adj} Oven'],
    germanNamePatterns: ['Bäckerei {Surname}'],
    services: ['Naturally leavened sourdough', 'Custom celebration cakes', 'Wholesale bread for cafés', 'Croissants and morning pastries', 'Gluten-free loaves', 'Catering platters'],
    roles: ['Owner & Head Baker', 'Pastry Chef', 'Catering Manager', 'Wholesale Lead'],
  },
  electrician: {
    label: 'Electrician',
    placesType: 'electrician',
    synonyms: ['electrician', 'electricians', 'electrical', 'electric', 'wiring'],
    plural: 'Electricians',
    namePatterns: ['{Surname} Electric', '{Adj} Wire Electrical', '{City} Electricians', '{Adj} Current Electric Co.'],
    germanNamePatterns: ['Elektro {Surname}'],
    services: ['Panel upgrades', 'EV charger installation', 'Lighting design', 'Rewiring older homes', 'Generator hookups', 'Code inspections'],
    roles: ['Master Electrician', 'Project Manager', 'Estimator', 'Office Manager'],
  },
};

export interface CityInfo {
  name: string;
  region: string;
  country: 'US' | 'DE';
  countryName: string;
  areaCodes: string[];
  lat: number;
  lng: number;
  postalCodes: string[];
  streets: string[];
}

export const CITIES: CityInfo[] = [
  {
    name: 'Austin',
    region: 'TX',
    country: 'US',
    countryName: 'USA',
    areaCodes: ['512', '737'],
    lat: 30.2672,
    lng: -97.7431,
    postalCodes: ['78701', '78702', '78704', '78745', '78751', '78757'],
    streets: ['E 6th St', 'S Congress Ave', 'Burnet Rd', 'S Lamar Blvd', 'E Cesar Chavez St', 'Manor Rd'],
  },
  {
    name: 'Denver',
    region: 'CO',
    country: 'US',
    countryName: 'USA',
    areaCodes: ['303', '720'],
    lat: 39.7392,
    lng: -104.9903,
    postalCodes: ['80202', '80203', '80205', '80206', '80210', '80218'],
    streets: ['E Colfax Ave', 'S Broadway', 'Larimer St', 'Tennyson St', 'S Pearl St', 'Blake St'],
  },
  {
    name: 'Portland',
    region: 'OR',
    country: 'US',
    countryName: 'USA',
    areaCodes: ['503', '971'],
    lat: 45.5152,
    lng: -122.6784,
    postalCodes: ['97202', '97209', '97210', '97214', '97217', '97232'],
    streets: ['SE Hawthorne Blvd', 'NW 23rd Ave', 'N Mississippi Ave', 'SE Division St', 'NE Alberta St', 'SW Morrison St'],
  },
  {
    name: 'Berlin',
    region: 'Berlin',
    country: 'DE',
    countryName: 'Germany',
    areaCodes: ['30'],
    lat: 52.52,
    lng: 13.405,
    postalCodes: ['10997', '10999', '10435', '10961', '12047'],
    streets: ['Oranienstraße', 'Kastanienallee', 'Bergmannstraße', 'Weserstraße', 'Schönhauser Allee'],
  },
];

export const ADJECTIVES = ['Lone Star', 'Bright', 'Evergreen', 'Summit', 'Golden', 'Blue Sky', 'Rose City', 'Mile High', 'Cedar', 'Copper', 'Riverbend', 'Northside', 'Red Brick', 'Honest', 'Sunrise', 'Pinewood', 'Silver Creek', 'Maple', 'True North', 'Old Town'];
export const SURNAMES = ['Garcia', 'Nguyen', 'Miller', 'Johnson', 'Okafor', 'Schmidt', 'Patel', 'Kowalski', 'Rivera', 'Thompson', 'Fischer', 'Lindqvist', 'Baker', 'Hernandez', 'Murphy', 'Yamamoto', 'Becker', 'Wagner', 'Castillo', 'Reyes'];
export const FIRST_NAMES = ['Maria', 'James', 'Aisha', 'Tom', 'Priya', 'Lukas', 'Sofia', 'Daniel', 'Mei', 'Carlos', 'Hannah', 'Omar', 'Grace', 'Jonas', 'Elena', 'Marcus'];
export const GERMAN_SURNAMES = ['Schulze', 'Hoffmann', 'Krüger', 'Neumann', 'Wolf', 'Braun'];
