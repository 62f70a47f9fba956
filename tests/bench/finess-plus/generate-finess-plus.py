#!/usr/bin/env python3
# generate-finess-plus.py: writes a synthetic FiNESS+ structures file
#
#   generate-finess-plus.py OUTPUT N_ESTABLISHMENTS [SEED]
#
# The layout of the national feed (NATIONAL-FORMATS.md section 3): GHT and
# other groupements in `gcc`, groupements de coopération in `gco`, then legal
# entities in `pmej`, each with its establishments in `ege` (one to four,
# sometimes none, now and then a large association with fifty), with
# addresses, both coordinate pairs, contacts, engagements and events. Values
# are plausible, not real. The file is written as it is generated, one
# element at a time, so generating it takes little memory whatever N.
# With N = 0 the file has GHT and groupements but no legal entity.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import random
import sys

DEPARTMENTS = (
    [f'{d:02d}' for d in range(1, 96) if d != 20] + ['2A', '2B', '971', '972', '973', '974', '976']
)
REGION_COORDINATES = {
    '971': (16.2, -61.5), '972': (14.6, -61.0), '973': (4.9, -52.3), '974': (-21.1, 55.5),
    '976': (-12.8, 45.2), '2A': (41.9, 8.7), '2B': (42.7, 9.4),
}
CATEGORIES = ['355', '500', '202', '354', '183', '186', '246', '255', '437', '109', '365',
              '101', '292', '127', '462', '214', '603', '124', '620']
STREET_TYPES = ['R', 'AV', 'BD', 'PL', 'RTE', 'CHE', 'ALL', 'IMP']
STREETS = ['DE PARIS', 'DU GENERAL DE GAULLE', 'DES LILAS', 'JEAN JAURES', 'DE LA REPUBLIQUE',
           'VICTOR HUGO', 'DU 8 MAI 1945', 'PASTEUR', 'DES ECOLES', 'SAINT MARTIN']
TOWNS = ['SAINT MARTIN', 'BOURG EN BRESSE', 'VIRIAT', 'MONTREUIL', 'VILLENEUVE', 'BEAUMONT',
         'FONTAINE', 'CHATEAUNEUF', 'NEUVILLE', 'LA CHAPELLE']
KINDS = ['EHPAD', 'CH', 'SSIAD', 'IME', 'ESAT', 'FAM', 'MAS', 'CLINIQUE', 'CENTRE DE SANTE',
         'RESIDENCE AUTONOMIE']


def luhn(prefix):
    for key in range(10):
        digits = prefix + str(key)
        total = 0
        for position, char in enumerate(reversed(digits)):
            digit = int(char)
            if position % 2 == 1:
                digit *= 2
                if digit > 9:
                    digit -= 9
            total += digit
        if total % 10 == 0:
            return digits
    raise AssertionError(prefix)


def finess(department, serial):
    """A FINESS number of the department, unique for each serial below
    10**5 (overseas) or 10**6."""
    if department in ('2A', '2B'):
        return f'{department}{serial % 10**6:06d}0'
    if len(department) == 3:
        return luhn(f'{department}{serial % 10**5:05d}')
    return luhn(f'{department}{serial % 10**6:06d}')


def commune(department, rng):
    if len(department) == 3:
        return f'{department}{rng.randrange(1, 35):02d}'
    return f'{department}{rng.randrange(1, 700):03d}'


def coordinates(department, rng):
    lat, lon = REGION_COORDINATES.get(department, (43.0 + rng.random() * 7.5, -4.0 + rng.random() * 11.5))
    lat += rng.uniform(-0.3, 0.3)
    lon += rng.uniform(-0.3, 0.3)
    x = 100000 + (lon + 5) * 75000
    y = 6100000 + (lat - 42) * 111000
    pair = {
        # The layout seen most: northing in X, easting in Y; now and then
        # the other way round, with degrees in X/Y.
        'coordonneeX': f'{y:.2f}', 'coordonneeY': f'{x:.2f}',
        'directionLatitude': f'{lat:.6f}', 'directionLongitude': f'{lon:.6f}',
        'cleInInteropBAN': f'{rng.randrange(10000, 99999)}_{rng.randrange(1000, 9999)}_00001',
        'scoreBAN': f'{rng.random():.15f}',
    }
    if rng.random() < 0.05:
        pair['coordonneeX'], pair['coordonneeY'] = f'{lon:.6f}', f'{lat:.6f}'
        pair['directionLatitude'], pair['directionLongitude'] = f'{y:.1f}', f'{x:.2f}'
    return pair


def address(department, usage, rng):
    town = rng.choice(TOWNS)
    street_type = rng.choice(STREET_TYPES)
    street = rng.choice(STREETS)
    number = str(rng.randrange(1, 300))
    postal = (department.replace('A', '0').replace('B', '0') + '000')[:5]
    return {
        'usageAdresse': usage,
        'numeroVoie': number,
        'typeVoie': street_type.ljust(4) if rng.random() < 0.2 else street_type,
        'libelleVoie': street,
        'cogCommune': commune(department, rng),
        'ligneAcheminement': town,
        'ligneQuatre': f'{number} {street_type} {street}',
        'codePostal': postal,
        'coordonneesGeographique': coordinates(department, rng),
    }


def events(object_id, kind, count, rng):
    return [{
        'evenementId': str(rng.randrange(1, 10**6)),
        'dateEnregistrement': '2025-10-21 19:19:05',
        'dateEvenement': f'{rng.randrange(1970, 2025)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}',
        'etatObjet1': '003', 'identifiantObjet1': str(object_id), 'systemeMaitre': '01',
        'typeObjet1': kind, 'codeEvenement': rng.choice(['001', '003', '007']),
    } for _ in range(count)]


def contacts(rng):
    return [{
        'typeContact': {'roleContact': role},
        'telecom': {'telephone': f'0{rng.randrange(1, 6)}{rng.randrange(10**7, 10**8)}'},
    } for role in (['01', '02'] if rng.random() < 0.5 else ['01'])]


def establishment(department, serial, legal_id, rng):
    number = finess(department, serial)
    kind = rng.choice(KINDS)
    closed = rng.random() < 0.08
    opened = f'{rng.randrange(1960, 2024)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}'
    info = {
        'egeId': str(serial * 7 + 1),
        'dateOuverture': opened,
        'datePremiereAutorisation': opened,
        'nomEgeCourt': f'{kind} {rng.choice(TOWNS)}'[:38].ljust(38 if rng.random() < 0.3 else 0),
        'nomEgeLong': f'{kind} {rng.choice(STREETS)} {rng.choice(TOWNS)}',
        'numFinessEge': number,
        'espic': [rng.choice(['0', '1', '3'])],
    }
    if rng.random() < 0.7:
        info['siret'] = f'{rng.randrange(10**13, 10**14)}'
    if closed:
        info['dateFermeture'] = '2019-12-31'
    return {
        'informationsGeneralesEGE': info,
        'categorieentiteGeographiqueExercice': rng.choice(CATEGORIES),
        'modefixationtarifaire': rng.choice(['03', '07', '21', '40']),
        'typeBudget': ['01'],
        'adresse': [address(department, '03', rng)],
        'contact': contacts(rng),
        'engagement': [{
            'engagementId': str(rng.randrange(1, 10**6)), 'typeEngagement': 'CONV',
            'sousTypeEngagement': 'ASE', 'dateEffetEngagement': '1974-03-25',
            'dateSignatureEngagement': '1974-03-25', 'autoriteRegulationEngagement': [],
        } for _ in range(rng.randrange(0, 3))],
        'evenement': events(serial, 'EG', rng.randrange(1, 4), rng),
        'roleEge': [],
        'etatObjet': 'I' if closed else 'A',
        'dateDerniereMaj': '2021-10-18 00:00:00',
    }


def legal_entity(pm_id, department, serial, eges, rng):
    return {
        'informationsGeneralesPMEJ': {
            'pmSmsseId': str(pm_id),
            'codeApe': '87.10A',
            'dateCreation': '1994-01-01',
            'denominationLonguePmSmsse': f'ASSOCIATION {rng.choice(STREETS)} {pm_id}'.ljust(60),
            'denominationPm': f'ASSOCIATION {pm_id}',
            'numFinessPm': finess(department, serial),
            'siren': f'{rng.randrange(10**8, 10**9)}',
            'statutJuridique': rng.choice(['13', '21', '60', '61', '72', '73']),
            'typePersonneMorale': '01',
        },
        'adresse': [address(department, '02', rng)],
        'contact': contacts(rng),
        'engagement': [],
        'evenement': events(pm_id, 'PM', 2, rng),
        'ege': eges,
        'etatObjet': 'A',
        'dateDerniereMaj': '2021-10-18 00:00:00',
    }


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(', ', ' : '))


def main():
    output, total = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    n_ght = 135

    with open(output, 'w', encoding='utf-8') as out:
        out.write('{\n  "schemaVersion" : "v1.0.0",\n'
                  '  "generatedAt" : "2026-03-09T15:49:37.615611300Z",\n  "gcc" : [')
        for g in range(n_ght + 20):
            members = [{'pmSmsseId': str(1 + rng.randrange(max(total, 1))),
                        'typeRoleEntiteGroupe': 'S' if m == 0 else 'M'}
                       for m in range(rng.randrange(2, 15))]
            out.write(('\n    ' if g == 0 else ',\n    ') + dumps({
                'gccId': str(g + 1), 'nomGcc': f'GHT {g + 1}',
                'typeGcc': '001' if g < n_ght else '003',
                'gccIdentifiantExterne': str(10000 + g), 'engagement': [],
                'evenement': events(g, 'GR', 1, rng), 'pmejDuGcc': members, 'egeDuGcc': [],
                'etatObjet': 'A', 'dateDerniereMaj': '2025-10-21 19:19:05',
            }))
        out.write('\n  ],\n  "gco" : [')
        for g in range(300):
            out.write(('\n    ' if g == 0 else ',\n    ') + dumps({
                'pmSmsseId': str(500000 + g), 'typeGco': '003', 'pmejDuGco': [], 'egeDuGco': [],
            }))
        out.write('\n  ],\n  "pmej" : [')

        written = 0
        pm_id = 0
        while written < total:
            pm_id += 1
            department = DEPARTMENTS[pm_id % len(DEPARTMENTS)]
            if pm_id % 500 == 0:
                count = 50
            elif rng.random() < 0.05:
                count = 0
            else:
                count = rng.choice((1, 1, 1, 2, 2, 3, 4))
            count = min(count, total - written)
            eges = [establishment(department, written + i, pm_id, rng) for i in range(count)]
            written += count
            out.write(('\n    ' if pm_id == 1 else ',\n    ')
                      + dumps(legal_entity(pm_id, department, pm_id, eges, rng)))
        out.write('\n  ]\n}\n')


if __name__ == '__main__':
    main()
