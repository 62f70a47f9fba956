#!/usr/bin/env python3
# make-fixtures.py: writes the Etalab CSV fixtures of test-etalab-csv.c
#
# The fixtures are committed (fixtures/); this script documents how they were
# made and rewrites them: `python3 make-fixtures.py fixtures`. Each fixture
# holds real bytes (Windows-1252, CRLF, a gzip copy), so edit this script,
# not the files.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import os
import sys

HEADER = 'finess;etalab;93;2024-07-11'

# The real line of NATIONAL-FORMATS.md, verbatim.
FLEYRIAT = ('structureet;010000024;010780054;CH DE FLEYRIAT;CENTRE HOSPITALIER DE '
            'BOURG-EN-BRESSE FLEYRIAT;;;900;RTE;DE PARIS;;;451;01;AIN;01440 VIRIAT;'
            '0474454647;0474454114;355;Centre Hospitalier (C.H.);1102;Centres '
            'Hospitaliers;26010004500012;8610Z;03;ARS établissements Publics de santé '
            'dotation globale;1;Etablissement public de santé;1979-02-13;1979-02-13;'
            '2020-02-04;')

SOURCE_BAN = '1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)'


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


def quote(value):
    """RFC 4180 quoting, only where needed."""
    if '"' in value or ';' in value or '\n' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def structure(finess, legal, rs, rslongue='', numvoie='', typvoie='', voie='',
              compvoie='', lieuditbp='', commune='', departement='', libdepartement='',
              ligne='', telephone='', categetab='', libcategetab='', categagretab='',
              libcategagretab='', siret='', codesph='', libsph='', dateouv='',
              dateautor='', datemaj='', libmft='', raw=None):
    fields = ['structureet', finess, legal, rs, rslongue, '', '', numvoie, typvoie, voie,
              compvoie, lieuditbp, commune, departement, libdepartement, ligne, telephone, '',
              categetab, libcategetab, categagretab, libcategagretab, siret, '', '', libmft,
              codesph, libsph, dateouv, dateautor, datemaj, '']
    assert len(fields) == 32
    raw = raw or {}
    return ';'.join(raw.get(i, quote(v)) for i, v in enumerate(fields))


def geolocation(finess, x, y, source=SOURCE_BAN, date='2024-07-10'):
    return ';'.join(['geolocalisation', finess, x, y, source, date])


def write(directory, name, lines, encoding='utf-8', newline='\n', final_newline=True):
    text = newline.join(lines) + (newline if final_newline else '')
    data = text.encode(encoding) if isinstance(text, str) else text
    with open(os.path.join(directory, name), 'wb') as f:
        f.write(data)
    return data


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else 'fixtures'
    os.makedirs(directory, exist_ok=True)

    reunion = luhn_key('97046200')
    reunion_ej = luhn_key('97040001')
    excel = luhn_key('69000003')
    excel_ej = luhn_key('69078000')
    corsica = '2A0000031'
    no_geo = luhn_key('75000010')
    multiline = luhn_key('33000020')
    guadeloupe = luhn_key('97100050')
    wallis = luhn_key('98600060')

    basic = [
        HEADER,
        FLEYRIAT,
        structure(reunion, reunion_ej, 'LIEU DE VIE "MAVOUNA MEMA 1"',
                  rslongue='LIEU DE VIE "MAVOUNA MEMA 1"', numvoie='12', typvoie='CHE',
                  voie='DES LATANIERS', commune='411', departement='9D',
                  libdepartement='LA REUNION', ligne='97410 ST PIERRE', categetab='462',
                  libcategetab="Lieu de vie et d'accueil", categagretab='4401',
                  libcategagretab='Etab. et services Hébergement Adultes Handicapés',
                  dateouv='2005-01-01', datemaj='2023-05-12'),
        structure(excel, excel_ej, 'EHPAD LES TILLEULS', commune='381', departement='69',
                  libdepartement='RHONE', ligne='69003 LYON', categetab='500',
                  libcategetab='EHPAD', categagretab='4401', codesph='',
                  dateouv='2010-06-30', datemaj='2024-01-15',
                  raw={1: '="%s"' % excel, 2: '="%s"' % excel_ej, 16: '="0472000000"',
                       22: '="26690000000015"', 3: '="EHPAD LES TILLEULS"'}),
        structure(corsica, '', 'CH D AJACCIO', numvoie='27', typvoie='AV',
                  voie='IMPERATRICE EUGENIE', commune='004', departement='2A',
                  libdepartement='CORSE DU SUD', ligne='20000 AJACCIO', categetab='355',
                  libcategetab='Centre Hospitalier (C.H.)', categagretab='1102',
                  codesph='1', dateouv='1970-01-01', datemaj='2022-03-04'),
        structure(no_geo, '', 'CENTRE SANS COORDONNEES', lieuditbp='BP 12',
                  commune='056', departement='75', libdepartement='PARIS',
                  ligne='75016 PARIS', categetab='999', libcategetab='Catégorie inconnue',
                  categagretab='', codesph='0', dateouv='', datemaj=''),
        structure(multiline, '', 'CENTRE "A"', rslongue='CENTRE "A"\nSUITE SUR DEUX LIGNES',
                  commune='063', departement='33', libdepartement='GIRONDE',
                  ligne='33000 BORDEAUX', categetab='109', libcategetab='SSR',
                  categagretab='', dateouv='1999-12-31', datemaj='2021-01-01'),
        structure(guadeloupe, '', 'CHU DE POINTE A PITRE', commune='120', departement='9A',
                  libdepartement='GUADELOUPE', ligne='97110 POINTE A PITRE', categetab='101',
                  libcategetab='CHR', categagretab='1101', codesph='1',
                  dateouv='1980-05-01', datemaj='2024-02-02'),
        structure(wallis, '', 'AGENCE DE SANTE DE WALLIS', commune='613', departement='9J',
                  libdepartement='WALLIS ET FUTUNA', ligne='98600 MATA UTU', categetab='355',
                  libcategetab='Centre Hospitalier (C.H.)', categagretab='1102',
                  dateouv='2001-01-01', datemaj='2020-01-01'),
        geolocation('010000024', '869565.6', '6571000.4'),
        geolocation(reunion, '338254.8', '7650620.2', '1,ATLASANTE,100,IGN,UTM_S40'),
        geolocation(excel, '843020.0', '6518500.0', '1,FINESS,10,MANUEL,LAMBERT_93'),
        geolocation(corsica, '1178500.5', '6110500.5'),
        geolocation(multiline, '417000', '6421000', '1,ATLASANTE,96,BAN,'
                    'EPSG:2154 RGF93 / Lambert-93 (Métropole)'),
        geolocation(guadeloupe, '657000.1', '1796000.2', '1,ATLASANTE,90,BAN,UTM_N20'),
        geolocation(wallis, '600000', '8500000', '1,ATLASANTE,50,MANUEL,SANS PROJECTION'),
    ]
    data = write(directory, 'basic.csv', basic)
    with open(os.path.join(directory, 'basic.csv.gz'), 'wb') as f:
        with gzip.GzipFile(filename='', mode='wb', fileobj=f, mtime=0) as gz:
            gz.write(data)

    # The same extract a month later: one name and one position changed,
    # one establishment added.
    added = luhn_key('13000070')
    v2 = list(basic)
    v2[0] = 'finess;etalab;93;2024-08-11'
    v2[4] = v2[4].replace('CH D AJACCIO', 'CH NOTRE DAME DE LA MISERICORDE')
    v2.insert(9, structure(added, '', 'CLINIQUE NOUVELLE', commune='055', departement='13',
                           libdepartement='BOUCHES DU RHONE', ligne='13005 MARSEILLE',
                           categetab='365', categagretab='1106', dateouv='2024-07-01',
                           datemaj='2024-07-20'))
    v2 = [line.replace('geolocalisation;%s;657000.1' % guadeloupe,
                       'geolocalisation;%s;657100.1' % guadeloupe) for line in v2]
    write(directory, 'basic-v2.csv', v2)

    # Windows-1252, CRLF: accents, œ, €; line 5 holds 0x81, which
    # Windows-1252 does not define.
    ehpad = luhn_key('21000080')
    mas = luhn_key('29000090')
    bad = luhn_key('35000100')
    cp1252 = [
        HEADER,
        FLEYRIAT,
        structure(ehpad, '', 'EHPAD SAINTE-HÉLÈNE', rslongue='MAISON DU CŒUR À DIJON',
                  voie='RUE DE L’ÉGLISE', commune='231', departement='21',
                  libdepartement="CÔTE-D'OR", ligne='21000 DIJON', categetab='500',
                  libcategetab='Établissement d’hébergement pour personnes âgées dépendantes',
                  categagretab='4401', libmft='Tarif 100 €', dateouv='2001-09-01',
                  datemaj='2023-11-30'),
        structure(mas, '', 'MAISON D\'ACCUEIL SPÉCIALISÉE "KER ANNA"', commune='019',
                  departement='29', libdepartement='FINISTÈRE', ligne='29200 BREST',
                  categetab='255', categagretab='4402', dateouv='1995-03-15',
                  datemaj='2022-06-01'),
        None,
        geolocation(ehpad, '853000', '6695000'),
        geolocation(mas, '146000', '6840000'),
    ]
    lines = [line.encode('cp1252') for line in cp1252 if line is not None]
    broken = structure(bad, '', 'FOYER XXX', commune='238', departement='35',
                       libdepartement='ILLE ET VILAINE', ligne='35000 RENNES',
                       categetab='252', categagretab='4402').encode('cp1252')
    lines.insert(4, broken.replace(b'XXX', b'\x81\xe9'))
    with open(os.path.join(directory, 'windows-1252.csv'), 'wb') as f:
        f.write(b'\r\n'.join(lines) + b'\r\n')

    # UTF-8 (decided at line 2), then a Latin-1 byte on line 3.
    latin = luhn_key('44000110')
    utf8 = [
        HEADER.encode(),
        FLEYRIAT.encode(),
        structure(latin, '', 'CLINIQUE DU CHÂTEAU', commune='109', departement='44',
                  libdepartement='LOIRE ATLANTIQUE', ligne='44000 NANTES', categetab='365',
                  categagretab='1106').encode('latin-1'),
        geolocation('010000024', '869565.6', '6571000.4').encode(),
    ]
    with open(os.path.join(directory, 'invalid-utf8.csv'), 'wb') as f:
        f.write(b'\n'.join(utf8) + b'\n')

    # One line per way a row goes wrong; the last line is truncated.
    good = luhn_key('59000120')
    good_ej = luhn_key('59078120')
    late = luhn_key('59000130')
    prefix = good[:8]
    bad_key = prefix + str((int(good[8]) + 1) % 10)
    bad_date = luhn_key('59000140')
    bad_region = luhn_key('99000150')
    no_name = luhn_key('59000160')
    bad_ej = luhn_key('59000170')
    bad_update = luhn_key('59000180')
    unclosed = luhn_key('59000190')
    after_unclosed = luhn_key('59000200')
    unknown = luhn_key('59000210')
    bad_commune = luhn_key('59000220')

    def lille(finess, **kwargs):
        values = dict(commune='350', departement='59', libdepartement='NORD',
                      ligne='59000 LILLE', categetab='355', categagretab='1102',
                      dateouv='2000-01-01', datemaj='2024-01-01')
        values.update(kwargs)
        name = values.pop('rs', 'CH DE LILLE %s' % finess)
        return structure(finess, values.pop('legal', ''), name, **values)

    rejects = [
        HEADER,                                                    # 1
        lille(good, legal=good_ej),                                # 2
        lille(late) + ';EN TROP',                                  # 3 field count
        lille(bad_key),                                            # 4 bad key
        lille('59000012'),                                         # 5 invalid FINESS
        lille(bad_date, dateouv='1979-02-30'),                     # 6 invalid date
        lille(bad_region, departement='99'),                       # 7 unknown department
        lille(no_name, rs=''),                                     # 8 missing rs
        lille(good, rs='DOUBLON'),                                 # 9 duplicate
        'structure;' + lille(late)[len('structureet;'):],          # 10 unknown type
        lille(bad_ej, legal='59ABC'),                              # 11 invalid nofinessej
        lille(bad_update, datemaj='2024-13-01'),                   # 12 invalid datemaj
        lille(unclosed, raw={3: '"CH NON FERME'}),                 # 13 unclosed quote
        lille(after_unclosed),                                     # 14 fine
        lille(bad_commune, commune='35'),                          # 15 bad commune
        '',                                                        # 16 blank line
        geolocation(unknown, '700000', '7000000'),                 # 17 unknown FINESS
        geolocation(good, '704000.5', '7059000.5'),                # 18 fine
        geolocation(bad_date, '700000', '7000000'),                # 19 rejected row
        geolocation(after_unclosed, 'abc', '7000000'),             # 20 invalid x
        geolocation(good, '704000.5', '7059000.5'),                # 21 duplicate
        geolocation(after_unclosed, '', '7000000'),                # 22 missing x
        geolocation(bad_key, '700000', '7000000'),                 # 23 bad key
        'geolocalisation;%s;7040' % after_unclosed,                # 24 truncated
    ]
    write(directory, 'rejects.csv', rejects, final_newline=False)

    bad_header = ['finess;etalab;93;11/07/2024'] + basic[1:]
    write(directory, 'bad-header.csv', bad_header)
    write(directory, 'header-only.csv', [HEADER])
    with open(os.path.join(directory, 'bom.csv'), 'wb') as f:
        f.write(b'\xef\xbb\xbf' + (HEADER + '\n' + FLEYRIAT + '\n').encode())
    write(directory, 'empty.csv', [], final_newline=False)


if __name__ == '__main__':
    main()
