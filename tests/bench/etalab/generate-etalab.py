#!/usr/bin/env python3
# generate-etalab.py: a national-size FINESS extract in Etalab CSV
#
#   generate-etalab.py EXTRACT STRUCTUREET [N]
#
# EXTRACT is a complete extract: the header line, N `structureet` lines, then
# one `geolocalisation` line for most establishments. STRUCTUREET holds the
# same N `structureet` lines alone, for the sqlite3 shell's `.import` that
# the benchmark compares with. The content is deterministic (fixed seed):
# valid FINESS numbers whose prefix is the department, the common
# categories, a few quoted names, accented labels (UTF-8).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import random
import sys

CATEGORIES = [
    # categetab, libcategetab, categagretab, libcategagretab, weight
    ('500', 'EHPAD', '4401', 'Etab. et services Hébergement Personnes Agées', 75),
    ('354', 'SSIAD', '4403', 'Services à domicile Personnes Agées', 21),
    ('182', 'SESSAD', '4301', 'Etab. et services Education Spéciale Enfants Handicapés', 18),
    ('183', 'IME', '4301', 'Etab. et services Education Spéciale Enfants Handicapés', 12),
    ('246', 'ESAT', '4601', 'Etab. et services Travail Protégé Adultes Handicapés', 14),
    ('255', 'Maison d\'Accueil Spécialisée (M.A.S.)', '4402', 'Hébergement Adultes Handicapés', 7),
    ('437', 'Foyer d\'Accueil Médicalisé (F.A.M.)', '4402', 'Hébergement Adultes Handicapés', 8),
    ('214', 'CHRS', '4501', 'Etablissements et services sociaux', 9),
    ('202', 'Résidence autonomie', '4401', 'Etab. et services Hébergement Personnes Agées', 22),
    ('462', 'Lieu de vie et d\'accueil', '4402', 'Hébergement Adultes Handicapés', 4),
    ('355', 'Centre Hospitalier (C.H.)', '1102', 'Centres Hospitaliers', 5),
    ('101', 'Centre Hospitalier Régional (C.H.R.)', '1101', 'Centres Hospitaliers Régionaux', 1),
    ('365', 'Etablissement de Soins Pluridisciplinaire', '1106', 'Autres Etablissements Relevant de la Loi Hospitalière', 6),
    ('109', 'Etablissement de santé privé autorisé en SSR', '1106', 'Autres Etablissements Relevant de la Loi Hospitalière', 4),
    ('127', 'Hospitalisation à Domicile', '1106', 'Autres Etablissements Relevant de la Loi Hospitalière', 2),
    ('292', 'Centre Hospitalier Spécialisé lutte Maladies Mentales', '1103', 'Centres Hospitaliers Spécialisés', 1),
    ('124', 'Centre de Santé', '2202', 'Centres de Santé', 22),
    ('620', 'Pharmacie d\'Officine', '3101', 'Pharmacies d\'Officine', 60),
    ('611', 'Laboratoire de Biologie Médicale', '3301', 'Laboratoires d\'Analyses', 12),
    ('603', 'Maison de santé (L.6223-3)', '2206', 'Maisons de santé', 8),
]

DEPARTMENTS = (['%02d' % n for n in range(1, 96) if n != 20] + ['2A', '2B'] +
               ['9A', '9B', '9C', '9D', '9E', '9F'])
# The first characters of a FINESS number, by department of the extract.
FINESS_PREFIX = {'9A': '971', '9B': '972', '9C': '973', '9D': '974', '9E': '975', '9F': '985'}

VOIES = ['RUE', 'AV', 'BD', 'RTE', 'CHE', 'PL', 'ALL', 'IMP', 'QUA']
NAMES = ['DES LILAS', 'DU GENERAL DE GAULLE', 'JEAN JAURES', 'DE LA REPUBLIQUE', 'VICTOR HUGO',
         'DES ECOLES', 'DU MOULIN', 'PASTEUR', 'DE LA GARE', 'DES TILLEULS', 'SAINT MARTIN']
CITIES = ['ST DENIS', 'BEAUMONT', 'VILLENEUVE', 'MONTREUIL', 'CHATEAUNEUF', 'BOURG', 'LYON',
          'MARSEILLE', 'LILLE', 'NANTES', 'RENNES', 'DIJON', 'BREST', 'NANCY']
SOURCES = ['1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)',
           '1,ATLASANTE,100,IGN,LAMBERT_93', '1,FINESS,10,MANUEL,LAMBERT_93']
OVERSEAS_SOURCES = {'9A': 'UTM_N20', '9B': 'UTM_N20', '9C': 'UTM_N22', '9D': 'UTM_S40',
                    '9E': 'UTM_N21', '9F': 'UTM_S38'}


def luhn_key(prefix):
    for key in '0123456789':
        total = 0
        for position, char in enumerate(reversed(prefix + key)):
            digit = int(char)
            if position % 2 == 1:
                digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
            total += digit
        if total % 10 == 0:
            return prefix + key
    raise AssertionError(prefix)


def finess(department, serial):
    prefix = FINESS_PREFIX.get(department, department)
    body = prefix + '%0*d' % (8 - len(prefix), serial)
    if department in ('2A', '2B'):
        return body + str(serial % 10)
    return luhn_key(body)


def quote(value):
    if '"' in value or ';' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def date(rng, first, last):
    return '%04d-%02d-%02d' % (rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))


def main():
    extract_path, structures_path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    rng = random.Random(20240711)
    weights = [c[4] for c in CATEGORIES]
    serials = {}
    structures = []
    geolocations = []

    for i in range(n):
        department = DEPARTMENTS[rng.randrange(len(DEPARTMENTS))]
        serials[department] = serials.get(department, 0) + 1
        number = finess(department, serials[department] * 7)
        legal = finess(department, 90000 + i % 9000)
        category, label, aggregate, aggregate_label, _ = rng.choices(CATEGORIES, weights)[0]
        city = rng.choice(CITIES)
        if rng.random() < 0.03:
            name = 'LIEU DE VIE "%s %d"' % (rng.choice(NAMES), i)
        else:
            name = '%s %s %d' % (label.split(' ')[0].upper(), city, i)
        public = '1' if category in ('355', '101', '292') or rng.random() < 0.2 else ''
        fields = [
            'structureet', number, legal, quote(name), quote('%s DE %s' % (name, city)), '', '',
            str(rng.randint(1, 250)), rng.choice(VOIES), rng.choice(NAMES), '', '',
            '%03d' % rng.randint(1, 600), department, 'DEPARTEMENT %s' % department,
            '%s%03d %s' % (department.replace('A', '0').replace('B', '0'), rng.randint(0, 999),
                           city),
            '0%09d' % rng.randint(100000000, 599999999), '', category, label, aggregate,
            aggregate_label, '%014d' % rng.randint(10 ** 13, 10 ** 14 - 1), '8710A', '40',
            'ARS / CD établissements et services à tarif global', public,
            'Etablissement public de santé' if public else '', date(rng, 1960, 2023),
            date(rng, 1960, 2023), date(rng, 2015, 2024), '',
        ]
        assert len(fields) == 32
        structures.append(';'.join(fields))
        if rng.random() < 0.97:
            source = OVERSEAS_SOURCES.get(department)
            source = '1,ATLASANTE,90,BAN,' + source if source else rng.choice(SOURCES)
            geolocations.append('geolocalisation;%s;%.1f;%.1f;%s;%s' % (
                number, rng.uniform(100000, 1200000), rng.uniform(6000000, 7100000), source,
                date(rng, 2020, 2024)))

    with open(structures_path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(structures) + '\n')
    with open(extract_path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('finess;etalab;93;2024-07-11\n')
        f.write('\n'.join(structures) + '\n')
        f.write('\n'.join(geolocations) + '\n')


if __name__ == '__main__':
    main()
