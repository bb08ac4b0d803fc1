/**
 * Categories and the words that point at them. A prompt that names any synonym gives every
 * template of that category a bonus, so "shop" alone already leans towards e-commerce.
 */
export const CATEGORIES = {
  ecommerce: {
    label: 'E-commerce',
    synonyms: [
      'shop',
      'store',
      'ecommerce',
      'e-commerce',
      'boutique',
      'online store',
      'sell',
      'products',
      'checkout',
    ],
  },
  saas: {
    label: 'SaaS',
    synonyms: ['saas', 'software', 'platform', 'dashboard', 'b2b', 'subscription', 'api', 'tool'],
  },
  app: { label: 'Mobile app', synonyms: ['app', 'mobile app', 'ios', 'android', 'download', 'app store'] },
  startup: {
    label: 'Startup',
    synonyms: ['startup', 'start-up', 'launch', 'waitlist', 'founders', 'early access'],
  },
  portfolio: {
    label: 'Portfolio',
    synonyms: ['portfolio', 'photographer', 'photography', 'designer', 'illustrator', 'artist', 'showcase'],
  },
  restaurant: {
    label: 'Restaurant',
    synonyms: ['restaurant', 'bistro', 'dining', 'dinner', 'chef', 'trattoria', 'eatery', 'food'],
  },
  cafe: {
    label: 'Café',
    synonyms: ['cafe', 'café', 'coffee', 'coffee shop', 'espresso', 'tea room', 'roastery'],
  },
  bakery: { label: 'Bakery', synonyms: ['bakery', 'bakehouse', 'patisserie', 'pastry', 'cakes', 'bread'] },
  agency: {
    label: 'Agency',
    synonyms: ['agency', 'studio', 'marketing', 'branding', 'creative agency', 'digital agency'],
  },
  blog: { label: 'Blog', synonyms: ['blog', 'magazine', 'journal', 'newsletter', 'articles', 'writer'] },
  event: { label: 'Event', synonyms: ['event', 'festival', 'meetup', 'gala', 'party', 'tickets', 'concert'] },
  conference: {
    label: 'Conference',
    synonyms: ['conference', 'summit', 'speakers', 'tech conference', 'workshop', 'expo'],
  },
  nonprofit: {
    label: 'Non-profit',
    synonyms: ['nonprofit', 'non-profit', 'charity', 'foundation', 'donate', 'volunteer', 'ngo', 'cause'],
  },
  fitness: {
    label: 'Fitness',
    synonyms: ['fitness', 'gym', 'yoga', 'pilates', 'personal trainer', 'crossfit', 'workout'],
  },
  'real-estate': {
    label: 'Real estate',
    synonyms: ['real estate', 'realtor', 'property', 'properties', 'homes', 'apartments', 'estate agent'],
  },
  education: {
    label: 'Education',
    synonyms: ['school', 'course', 'courses', 'academy', 'tutoring', 'education', 'learning', 'classes'],
  },
  medical: {
    label: 'Medical',
    synonyms: ['clinic', 'medical', 'doctor', 'dentist', 'dental', 'health', 'physiotherapy', 'therapy'],
  },
  legal: { label: 'Legal', synonyms: ['law firm', 'lawyer', 'attorney', 'legal', 'solicitor', 'barrister'] },
  hotel: {
    label: 'Hotel',
    synonyms: ['hotel', 'bed and breakfast', 'b&b', 'inn', 'resort', 'guesthouse', 'rooms'],
  },
  travel: {
    label: 'Travel',
    synonyms: ['travel', 'tours', 'tour', 'trips', 'travel agency', 'holidays', 'adventure'],
  },
  wedding: { label: 'Wedding', synonyms: ['wedding', 'bride', 'groom', 'rsvp', 'engagement', 'marriage'] },
  music: { label: 'Music', synonyms: ['band', 'music', 'musician', 'album', 'tour dates', 'singer', 'dj'] },
  resume: {
    label: 'Personal resume',
    synonyms: ['resume', 'cv', 'résumé', 'personal website', 'curriculum vitae', 'hire me'],
  },
  architecture: {
    label: 'Architecture',
    synonyms: ['architecture', 'architect', 'architects', 'interior design', 'buildings'],
  },
  consulting: {
    label: 'Consulting',
    synonyms: ['consulting', 'consultancy', 'consultant', 'advisory', 'strategy', 'coaching'],
  },
  podcast: { label: 'Podcast', synonyms: ['podcast', 'episodes', 'show', 'listen', 'audio'] },
  beauty: {
    label: 'Beauty & spa',
    synonyms: ['salon', 'spa', 'beauty', 'hair', 'barber', 'nails', 'massage'],
  },
  services: {
    label: 'Local services',
    synonyms: [
      'plumber',
      'plumbing',
      'electrician',
      'cleaning',
      'repair',
      'handyman',
      'landscaping',
      'local business',
    ],
  },
} as const satisfies Record<string, { label: string; synonyms: readonly string[] }>;

export type Category = keyof typeof CATEGORIES;
export const CATEGORY_IDS = Object.keys(CATEGORIES) as [Category, ...Category[]];
