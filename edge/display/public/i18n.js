// Words of the skipper display. French first: the crews of Boulogne-sur-Mer read it at sea.
export const WORDS = {
  fr: {
    themeToggle: 'NUIT', themeToggleNight: 'JOUR', langToggle: 'EN',
    noAlarm: 'Aucune alarme', noData: 'Pas de données de l’agent — valeurs masquées',
    battery: 'Batterie', batteryPower: 'Puissance', charging: 'Charge', discharging: 'Décharge',
    temperature: 'Température', autonomy: 'Autonomie', reserve: 'jusqu’à {pct} %',
    atCurrentLoad: 'à la charge actuelle', atTripAverage: 'à la charge moyenne de la marée',
    notDischarging: 'en charge', noCapacity: 'capacité non configurée', unknown: 'inconnue',
    flows: 'Flux d’énergie', totals: 'Bilan', today: 'Aujourd’hui', trip: 'Marée', fuelRate: 'Gazole',
    lastSync: 'dernière synchro', waiting: 'mesures à bord', never: 'jamais', ago: 'il y a {d}',
    connected: 'Liaison terre', disconnected: 'Liaison coupée', stale: 'muet',
    electric: 'ÉLECTRIQUE', hybrid: 'HYBRIDE', diesel: 'DIESEL',
    steaming: 'ROUTE', fishing: 'PÊCHE', hauling: 'VIRAGE', port: 'AU PORT',
    solar: 'Solaire', wind: 'Éolien', hydro: 'Hydro', wave: 'Houle', generators: 'Groupes', shore: 'Quai',
    propulsion: 'Propulsion', winch: 'Treuil', hotel: 'Vie à bord', stabiliser: 'Stabilisateur', other: 'Autres',
    batteryNode: 'Batterie',
    fuelUsed: 'Gazole consommé', fuelSaved: 'Gazole économisé', fuelSavedPct: 'Économie',
    generatorHours: 'Heures groupes', notYet: 'pas encore estimé',
    'saved.no-profile': 'Gazole économisé non estimé : profil du navire non configuré',
    'saved.no-baseline': 'Gazole économisé pas encore estimé : pas encore assez de données',
    acknowledge: 'ACQUITTER', acknowledged: 'acquittée', rectified: 'revenue à la normale — à acquitter',
    'battery-low': 'Batterie {subject} faible : {value} % (seuil {threshold} %)',
    'battery-over-temperature': 'Batterie {subject} trop chaude : {value} °C (seuil {threshold} °C)',
    'generator-fault.no-output': 'Défaut groupe {subject} : tourne sans débiter ({value} kW)',
    'generator-fault.overload': 'Surcharge groupe {subject} : {value} % (seuil {threshold} %)',
    'device-silent': 'Appareil muet : {subject} depuis {value} s',
    'link-down': 'Liaison terre coupée depuis {value} min',
    'outbox-filling': 'Stockage à bord se remplit : {value} mesures en attente',
    moreAlarm: '+ 1 autre alarme, affichée dès que celles-ci sont acquittées',
    moreAlarms: '+ {n} autres alarmes, affichées dès que celles-ci sont acquittées',
    devices: { 'electrical.batteries': 'batterie', 'electrical.generators': 'groupe', propulsion: 'moteur',
      'electrical.solar': 'solaire', 'electrical.windGenerators': 'éolienne', 'electrical.hydroGenerators': 'hydrogénérateur',
      'electrical.waveGenerators': 'houlomoteur', 'electrical.loads': 'consommateur', 'electrical.shore': 'prise de quai',
      navigation: 'GPS', environment: 'capteurs météo', fishing: 'capteur d’engin', 'tanks.fuel': 'jauge gazole' },
  },
  en: {
    themeToggle: 'NIGHT', themeToggleNight: 'DAY', langToggle: 'FR',
    noAlarm: 'No alarm', noData: 'No data from the agent — values hidden',
    battery: 'Battery', batteryPower: 'Power', charging: 'Charging', discharging: 'Discharging',
    temperature: 'Temperature', autonomy: 'Autonomy', reserve: 'down to {pct} %',
    atCurrentLoad: 'at the current load', atTripAverage: 'at the trip’s average load',
    notDischarging: 'charging', noCapacity: 'capacity not configured', unknown: 'unknown',
    flows: 'Power flows', totals: 'Totals', today: 'Today', trip: 'This trip', fuelRate: 'Fuel',
    lastSync: 'last sync', waiting: 'samples on board', never: 'never', ago: '{d} ago',
    connected: 'Shore link up', disconnected: 'Shore link down', stale: 'silent',
    electric: 'ELECTRIC', hybrid: 'HYBRID', diesel: 'DIESEL',
    steaming: 'STEAMING', fishing: 'FISHING', hauling: 'HAULING', port: 'IN PORT',
    solar: 'Solar', wind: 'Wind', hydro: 'Hydro', wave: 'Wave', generators: 'Generators', shore: 'Shore',
    propulsion: 'Propulsion', winch: 'Winch', hotel: 'Hotel', stabiliser: 'Stabiliser', other: 'Other',
    batteryNode: 'Battery',
    fuelUsed: 'Fuel used', fuelSaved: 'Fuel saved', fuelSavedPct: 'Saved',
    generatorHours: 'Generator hours', notYet: 'not estimated yet',
    'saved.no-profile': 'Fuel saved not estimated: vessel profile not configured',
    'saved.no-baseline': 'Fuel saved not estimated yet: not enough data so far',
    acknowledge: 'ACKNOWLEDGE', acknowledged: 'acknowledged', rectified: 'back to normal — acknowledge',
    'battery-low': 'Battery {subject} low: {value} % (limit {threshold} %)',
    'battery-over-temperature': 'Battery {subject} too hot: {value} °C (limit {threshold} °C)',
    'generator-fault.no-output': 'Generator {subject} fault: turning without output ({value} kW)',
    'generator-fault.overload': 'Generator {subject} overload: {value} % (limit {threshold} %)',
    'device-silent': 'Device silent: {subject} for {value} s',
    'link-down': 'Shore link down for {value} min',
    'outbox-filling': 'On-board storage filling: {value} samples waiting',
    moreAlarm: '+ 1 more alarm, shown as soon as these are acknowledged',
    moreAlarms: '+ {n} more alarms, shown as soon as these are acknowledged',
    devices: { 'electrical.batteries': 'battery', 'electrical.generators': 'generator', propulsion: 'engine',
      'electrical.solar': 'solar', 'electrical.windGenerators': 'wind turbine', 'electrical.hydroGenerators': 'hydro-generator',
      'electrical.waveGenerators': 'wave converter', 'electrical.loads': 'load', 'electrical.shore': 'shore connection',
      navigation: 'GPS', environment: 'weather sensors', fishing: 'gear sensor', 'tanks.fuel': 'fuel gauge' },
  },
};

/** A device as the crew names it: `propulsion.gen1` → `moteur gen1`, `navigation` → `GPS`. */
export function deviceName(lang, device) {
  const names = WORDS[lang].devices;
  const prefix = Object.keys(names).filter((p) => device === p || device.startsWith(`${p}.`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? `${names[prefix]}${device.slice(prefix.length).replace('.', ' ')}` : device;
}

/** The word for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function word(lang, key, vars) {
  const text = WORDS[lang][key] ?? WORDS.fr[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? '')) : text;
}
