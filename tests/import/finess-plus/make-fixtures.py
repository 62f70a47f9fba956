#!/usr/bin/env python3
# make-fixtures.py: writes the FiNESS+ JSON fixtures of test-import-finess-plus.c
#
# The fixtures are committed (fixtures/); this script documents how they were
# made and rewrites them: `python3 make-fixtures.py fixtures`. Edit this
# script, not the files. The layout follows the ANS sample of the feed
# (finess-structures-journalier-20260309.json): two-space indentation,
# " : " between keys and values, every value a string.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import json
import os
import sys

MAIN = 'finess-structures-mensuel-202603.json'


def luhn_key(prefix):
    """The ninth digit that makes prefix (8 digits) pass the Luhn check."""
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


def bad_key(prefix):
    good = luhn_key(prefix)
    return good[:8] + str((int(good[8]) + 1) % 10)


FLEYRIAT = '010000024'          # NATIONAL-FORMATS.md: valid
BOURG_EJ = '010780054'          # valid
SMUR = luhn_key('01078719')
EHPAD = luhn_key('01000930')
CLOSED = luhn_key('01000110')
NO_NAME = luhn_key('01000140')
CORSICA_EJ = '2A0000011'        # a letter: key not checked
CORSICA = '2A0000029'
REUNION_EJ = '970400024'        # valid
REUNION = luhn_key('97040013')
POLYNESIA = luhn_key('97040021')
NO_ADDRESS = luhn_key('97040039')
BAD_DATE = luhn_key('97040047')
STAR = luhn_key('13078008')
EMPTY_EJ = luhn_key('75000001')
NO_EGE_EJ = luhn_key('75000002')
INACTIVE_EJ = luhn_key('01000099')

# Written as a \u escape in the file, to check that escapes are decoded.
E_ACUTE = '@E_ACUTE@'


def address(commune, postal_code=None, town=None, usage='03', x=None, y=None, lat=None,
            lon=None, number=None, street_type=None, street=None, **extra):
    result = {'usageAdresse': usage}
    if number is not None:
        result['numeroVoie'] = number
    if street_type is not None:
        result['typeVoie'] = street_type
    if street is not None:
        result['libelleVoie'] = street
    if commune is not None:
        result['cogCommune'] = commune
    if town is not None:
        result['ligneAcheminement'] = town
    if postal_code is not None:
        result['codePostal'] = postal_code
    if x is not None or lat is not None:
        result['coordonneesGeographique'] = {
            'coordonneeX': x,
            'coordonneeY': y,
            'directionLatitude': lat,
            'directionLongitude': lon,
            'cleInInteropBAN': '01451_0220_00900',
            'scoreBAN': '0.96',
        }
    result.update(extra)
    return result


def ege(finess, short, long=None, category=None, addresses=None, state='A',
        updated='2020-02-04 00:00:00', opened='1979-02-13', closed=None, siret=None,
        espic=None, contacts=None, drop=(), info_extra=None, **extra):
    info = {
        'egeId': str(finess)[-5:],
        'dateOuverture': opened,
        'datePremiereAutorisation': opened,
        'nomEgeCourt': short,
        'nomEgeLong': long,
        'numFinessEge': finess,
    }
    if closed is not None:
        info['dateFermeture'] = closed
    if siret is not None:
        info['siret'] = siret
    if espic is not None:
        info['espic'] = espic
    info.update(info_extra or {})
    for key in drop:
        info.pop(key, None)
    result = {
        'informationsGeneralesEGE': info,
        'categorieentiteGeographiqueExercice': category,
        'modefixationtarifaire': '03',
        'typeBudget': ['01'],
        'adresse': addresses if addresses is not None else [],
        'contact': contacts if contacts is not None else [],
        'engagement': [],
        'evenement': [{
            'evenementId': '140923', 'dateEnregistrement': '2023-03-15 11:21:01',
            'dateEvenement': opened, 'etatObjet1': '003', 'identifiantObjet1': '799',
            'systemeMaitre': '01', 'typeObjet1': 'EG', 'codeEvenement': '003',
        }],
        'roleEge': [],
        'etatObjet': state,
        'dateDerniereMaj': updated,
    }
    for key in drop:
        result.pop(key, None)
    result.update(extra)
    return result


def pmej(pm_id, finess, name, long_name, status, eges, state='A',
         updated='2021-10-18 00:00:00'):
    result = {
        'informationsGeneralesPMEJ': {
            'pmSmsseId': pm_id,
            'codeApe': '86.10Z',
            'dateCreation': '2001-01-01',
            'denominationLonguePmSmsse': long_name,
            'denominationPm': name,
            'numFinessPm': finess,
            'statutJuridique': status,
            'typePersonneMorale': '01',
        },
        'adresse': [],
        'contact': [],
        'engagement': [],
        'evenement': [],
        'etatObjet': state,
        'dateDerniereMaj': updated,
    }
    if eges is not None:
        result['ege'] = eges
    return result


def main_document():
    gcc = [
        {
            'gccId': '1', 'nomGcc': "21-52 Côte d'Or-Haute-Marne", 'typeGcc': '001',
            'gccIdentifiantExterne': '27103', 'engagement': [], 'evenement': [],
            'pmejDuGcc': [
                {'pmSmsseId': '10', 'typeRoleEntiteGroupe': 'S'},
                {'pmSmsseId': '11', 'typeRoleEntiteGroupe': 'M'},
            ],
            'egeDuGcc': [], 'etatObjet': 'A', 'dateDerniereMaj': '2025-10-21 19:19:05',
        },
        # Not a GHT: ignored, and so is its membership.
        {
            'gccId': '2', 'nomGcc': 'Communauté psychiatrique', 'typeGcc': '003',
            'gccIdentifiantExterne': '55501', 'pmejDuGcc': [
                {'pmSmsseId': '15', 'typeRoleEntiteGroupe': 'S'},
            ],
            'etatObjet': 'A', 'dateDerniereMaj': '2025-10-21 19:19:05',
        },
        # An inactive GHT: written closed, its memberships not applied.
        {
            'gccId': '3', 'nomGcc': '77 Nord (ancien)', 'typeGcc': '001',
            'gccIdentifiantExterne': '11101', 'pmejDuGcc': [
                {'pmSmsseId': '15', 'typeRoleEntiteGroupe': 'M'},
            ],
            'etatObjet': 'I', 'dateDerniereMaj': '2025-10-21 19:19:05',
        },
        # Padded name; a pmSmsseId written as a number.
        {
            'gccId': '4', 'nomGcc': 'GHT de Corse   ', 'typeGcc': '001',
            'gccIdentifiantExterne': '94001', 'pmejDuGcc': [
                {'pmSmsseId': 13, 'typeRoleEntiteGroupe': 'S'},
            ],
            'etatObjet': 'A', 'dateDerniereMaj': '2025-10-21 19:19:05',
        },
    ]

    gco = [
        {'pmSmsseId': '403', 'typeGco': '003', 'pmejDuGco': [], 'egeDuGco': []},
        {'pmSmsseId': '405', 'typeGco': '001', 'pmejDuGco': [{'pmSmsseId': '10'}],
         'egeDuGco': [[['] } { [']]]},
    ]

    legal_entities = [
        pmej('10', BOURG_EJ, 'CH DE BOURG EN BRESSE    ',
             'CENTRE HOSPITALIER DE BOURG EN BRESSE', '13', [
                 ege(FLEYRIAT, 'CH DE FLEYRIAT    ',
                     'CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT', '355',
                     addresses=[address('01451', '01440', 'VIRIAT', number='900',
                                        street_type='RTE   ', street='DE PARIS',
                                        x='6570414.61', y='873766.07',
                                        lat='46.2336', lon='5.2280')],
                     siret='26010004500012', espic=['1'],
                     contacts=[
                         {'typeContact': {'roleContact': '02'},
                          'telecom': {'telephone': '0474454114'}},
                         {'typeContact': {'roleContact': '01'},
                          'telecom': {'telephone': '0474454647'}},
                     ]),
                 ege(bad_key('01000002'), 'CLE FAUSSE', None, '355',
                     addresses=[address('01451', '01440', 'VIRIAT')]),
                 ege(NO_NAME, None, 'SANS NOM COURT', '355',
                     addresses=[address('01451', '01440', 'VIRIAT')],
                     drop=('nomEgeCourt',)),
             ]),
        # An inactive legal entity, member of the GHT.
        pmej('11', INACTIVE_EJ, 'EHPAD LES TILLEULS', 'EHPAD LES TILLEULS', '21', [
            # Inactive, no closing date; nulls; X/Y in degrees and the
            # direction* pair in metres (the other way round).
            ege(EHPAD, 'EHPAD LES TILLEULS', None, '500', state='I',
                updated='2019-03-04 00:00:00',
                addresses=[address('01053', '01000', 'BOURG EN BRESSE',
                                   x='5.254203', y='46.211257',
                                   lat='6577813.0', lon='939642.76')],
                espic=['0'], info_extra={'siret': None, 'dateFermeture': None}),
            # Closed with a date; an unknown category; no coordinates.
            ege(CLOSED, 'SMUR FERME', 'SMUR FERME', '999', state='I',
                closed='2002-07-10', updated='1993-12-09 00:00:00',
                addresses=[address('01004', '01500', 'AMBERIEU EN BUGEY')]),
        ], state='I', updated='2019-03-04 00:00:00'),
        # Corsica: key not checked; the address of use is the second one.
        pmej(13, CORSICA_EJ, 'CH D AJACCIO', 'CENTRE HOSPITALIER D AJACCIO', '13', [
            ege(CORSICA, 'CH D AJACCIO', 'CENTRE HOSPITALIER NOTRE-DAME DE LA MISERICORDE',
                '101',
                addresses=[
                    address('2B033', '20200', 'BASTIA', usage='02'),
                    address('2A004', '20000', 'AJACCIO',
                            x='1177000', y='6105000', lat=None, lon=None),
                ],
                espic=['1']),
        ]),
        # Overseas, and the rejects.
        pmej('14', REUNION_EJ, 'CHU DE LA REUNION', 'CENTRE HOSPITALIER UNIVERSITAIRE', '13', [
            ege(REUNION, 'CHU SITE SUD', 'CHU DE LA REUNION SITE SUD', '101',
                addresses=[address('97411', '97410', 'SAINT PIERRE',
                                   x='338000.5', y='7690000.2',
                                   lat='-20,8823', lon='55.4504')]),
            ege(POLYNESIA, 'CH DE PAPEETE', None, '355',
                addresses=[address('98735', '98714', 'PAPEETE')]),
            ege(NO_ADDRESS, 'SANS ADRESSE', None, '355', addresses=[]),
            ege('12345', 'NUMERO COURT', None, '355',
                addresses=[address('97411', '97410', 'SAINT PIERRE')]),
            ege(FLEYRIAT, 'DOUBLON', None, '355',
                addresses=[address('01451', '01440', 'VIRIAT')]),
            ege(BAD_DATE, 'DATE IMPOSSIBLE', None, '355', opened='2021-02-30',
                addresses=[address('97411', '97410', 'SAINT PIERRE')]),
            'not an establishment',
        ]),
        # Not a FINESS number: no legal entity, the establishment is kept.
        pmej('15', 'INCONNU', 'SANS NUMERO', None, '60', [
            ege(STAR, 'CENTRE "L\'' + E_ACUTE + 'TOILE" [SUD] {2}', None, '462',
                addresses=[address('13055', '13001', 'MARSEILLE', number='1',
                                   street_type='R', street='DE LA REPUBLIQUE')]),
        ]),
        pmej('17', EMPTY_EJ, 'SANS ETABLISSEMENT', None, '60', None),
        pmej('18', NO_EGE_EJ, 'ETABLISSEMENTS NULS', None, '60', None),
    ]
    legal_entities[-1]['ege'] = None

    return {
        'schemaVersion': 'v1.0.0',
        'generatedAt': '2026-03-09T15:49:37.615611300Z',
        'gcc': gcc,
        'gco': gco,
        'futureMember': {'list': [1, -2.5e3, True, False, None, '\\"]'], 'nested': {}},
        'pmej': legal_entities,
    }


def dumps(document):
    text = json.dumps(document, indent=2, separators=(',', ' : '), ensure_ascii=False)
    return text.replace(E_ACUTE, '\\u00c9') + '\n'


def write(folder, name, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(data)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else 'fixtures'
    os.makedirs(folder, exist_ok=True)

    text = dumps(main_document())
    data = text.encode('utf-8')
    write(folder, MAIN, data)
    write(folder, MAIN + '.gz', gzip.compress(data, mtime=0))

    # Cut in the middle of the array of legal entities.
    cut = text.index('"pmej" : [')
    cut = text.index('"informationsGeneralesPMEJ"', text.index('"informationsGeneralesPMEJ"', cut) + 1)
    write(folder, 'broken-truncated.json', text[:cut])

    # A comma missing between two members of pmej[1].
    first = text.index('"EHPAD LES TILLEULS",')
    write(folder, 'broken-invalid.json', text[:first] + '"EHPAD LES TILLEULS"' + text[first + 21:])

    # 100 nested arrays inside pmej[1]: valid JSON, refused for its depth.
    nested = '[' * 100 + ']' * 100
    write(folder, 'broken-nested.json',
          text.replace('"typePersonneMorale" : "01"',
                       '"typePersonneMorale" : "01", "deep" : ' + nested, 2)
              .replace('"typePersonneMorale" : "01", "deep" : ' + nested,
                       '"typePersonneMorale" : "01"', 1))

    # A Windows-1252 byte in a name of pmej[0].
    invalid = data.replace('CH DE FLEYRIAT    '.encode(), b'CH DE FLEYRIAT \xe9  ', 1)
    write(folder, 'broken-utf8.json', invalid)

    # The legal entities as a bare array, not an object.
    write(folder, 'broken-not-object.json',
          '[' + json.dumps({'pmej': [], 'gcc': []}) + ']\n')


if __name__ == '__main__':
    main()
