/* crrc-demo.c: the built-in demonstration feed
 *
 * Writes a CRRC feed directory (manifest.json, then <feed>/page-N.json with
 * relative `next` links, every feed a snapshot) of invented establishments
 * and events whose national aggregates equal the published figures of the
 * Observatory (the design notes' REFERENCE-FIGURES.md): incidents per year
 * and their shares, 2023 audits, alerts and CERT Santé support.
 *
 * The output depends only on the seed and the scale: a GRand with that seed,
 * arrays walked in order, numbers formatted by hand or g_ascii_dtostr. The
 * exact figures come from counts fixed per year (below), given to the
 * incidents by rank; the ranks are then shuffled against months and
 * establishments. Scale N repeats the universe and its events N times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-demo"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "crrc-demo.h"
#include "crrc-geo.h"
#include "crrc-maturity.h"
#include "crrc-store-private.h"

#define PAGE_SIZE 1000
#define UPDATED_AT "2024-05-21T08:00:00Z"

#define N_GHT 135
#define N_OTHER_SANITAIRE_TOTAL 3306   /* sanitaire establishments, CH included */
#define N_MEDICO_SOCIAL 35000
#define N_OTHER 300

typedef enum { SEC_CH, SEC_SANITAIRE, SEC_MEDICO_SOCIAL, SEC_GRADES, SEC_OTHER } DemoSector;

typedef struct
{
  char        finess[10];
  const char *department;
  const char *region;
  int         ght;        /* index in the copy's GHT, or -1 */
} DemoEst;

/* Region weights (population, hundred thousands) for realistic proportions. */
static const struct { const char *code; guint weight; } region_weights[] = {
  { "01", 4 }, { "02", 4 }, { "03", 3 }, { "04", 9 }, { "06", 3 },
  { "11", 123 }, { "24", 26 }, { "27", 28 }, { "28", 33 }, { "32", 60 },
  { "44", 56 }, { "52", 38 }, { "53", 34 }, { "75", 60 }, { "76", 60 },
  { "84", 81 }, { "93", 51 }, { "94", 4 },
};

static const struct { const char *category; const char *label; const char *prefix; } sanitaire_kinds[] = {
  { "365", "Établissement de soins pluridisciplinaire", "Clinique" },
  { "109", "Établissement de santé privé autorisé en SSR", "Centre de soins de suite" },
  { "128", "Établissement de soins chirurgicaux", "Clinique chirurgicale" },
  { "129", "Établissement de soins médicaux", "Clinique médicale" },
  { "292", "Centre hospitalier spécialisé lutte maladies mentales", "Centre hospitalier spécialisé" },
  { "141", "Centre de dialyse", "Centre de dialyse" },
  { "156", "Centre médico-psychologique (C.M.P.)", "Centre médico-psychologique" },
  { "362", "Établissement de soins longue durée", "Unité de soins de longue durée" },
  { "131", "Centre de lutte contre le cancer", "Centre de lutte contre le cancer" },
};

static const struct { const char *category; const char *label; const char *prefix; guint weight; } ms_kinds[] = {
  { "500", "Établissement d'hébergement pour personnes âgées dépendantes", "EHPAD", 20 },
  { "202", "Résidence autonomie", "Résidence autonomie", 6 },
  { "354", "Service de soins infirmiers à domicile (S.S.I.A.D.)", "SSIAD", 6 },
  { "183", "Institut médico-éducatif (I.M.E.)", "IME", 4 },
  { "182", "Service d'éducation spéciale et de soins à domicile", "SESSAD", 4 },
  { "246", "Établissement et service d'aide par le travail (E.S.A.T.)", "ESAT", 4 },
  { "255", "Maison d'accueil spécialisée (M.A.S.)", "MAS", 2 },
  { "437", "Foyer d'accueil médicalisé (F.A.M.)", "FAM", 2 },
  { "252", "Foyer d'hébergement pour adultes handicapés", "Foyer d'hébergement", 2 },
};

static const char * const place_names[] = {
  "Les Tilleuls", "Les Glycines", "Le Clos Fleuri", "Résidence du Parc", "Les Jardins d’Automne",
  "La Roseraie", "Saint-Joseph", "Les Charmilles", "Le Bois Joli", "Les Hortensias",
  "Les Peupliers", "La Source", "Le Val Fleuri", "Les Marronniers", "Sainte-Anne",
  "Les Cèdres", "La Chênaie", "Les Lilas", "Le Moulin", "Les Acacias", "Bellevue",
  "Les Mimosas", "La Colline", "Saint-Martin", "Les Platanes", "Le Verger",
};

/* Incidents of a year: counts given to the incidents by rank (malicious
 * first, ransomware first among them; functioning affected, patient care,
 * severe, support and CERT support are prefixes of the ranks). */
typedef struct
{
  int   year;
  guint n, malicious, undetermined, no_functioning_impact, patient, severe, extreme;
  guint support, cert;
  guint types[7];          /* ransomware, compromise, malicious_email, data_leak, theft,
                            * denial_of_service, defacement: they sum to `malicious` */
  guint sanitaire, medico_social, grades;   /* declarants; the rest: other */
  guint last_month;
} YearSpec;

static const YearSpec years[] = {
  { 2019, 392, 176, 12, 160, 120, 14, 3, 90, 50, { 20, 60, 50, 20, 14, 8, 4 }, 255, 98, 8, 12 },
  { 2020, 369, 221, 10, 129, 118, 15, 4, 92, 55, { 27, 85, 60, 25, 12, 9, 3 }, 240, 92, 7, 12 },
  { 2021, 733, 252, 25, 279, 240, 26, 6, 191, 80, { 59, 98, 51, 21, 11, 9, 3 }, 476, 183, 15, 12 },
  { 2022, 592, 296, 20, 343, 207, 22, 5, 172, 85, { 30, 110, 80, 40, 18, 12, 6 }, 385, 148, 12, 12 },
  { 2023, 581, 291, 18, 308, 203, 17, 4, 165, 93, { 32, 105, 85, 38, 16, 10, 5 }, 378, 145, 12, 12 },
  { 2024, 240, 125, 8, 125, 80, 8, 2, 70, 40, { 14, 45, 38, 15, 7, 4, 2 }, 156, 60, 5, 5 },
};

static const char * const malicious_types[] = {
  "ransomware", "compromise", "malicious_email", "data_leak", "theft", "denial_of_service",
  "defacement",
};
static const char * const accidental_types[] = {
  "infrastructure_failure", "provider_failure", "infrastructure_failure", "telecom_loss",
  "human_error", "provider_failure", "infrastructure_failure", "human_error", "other",
  "provider_failure",
};
static const guint month_weights[12] = { 9, 8, 9, 8, 9, 8, 7, 6, 9, 10, 10, 9 };

typedef struct
{
  GRand   *rand;
  guint32  seed;
  guint    copy;
  guint    serials[1000];   /* next FINESS serial, by department index */
  const CrrcDepartment *departments;
  guint    n_departments;
  double  *dept_cumulative;
  double   dept_total;

  GArray  *ch;              /* of DemoEst, members of GHT */
  GArray  *sanitaire;       /* other sanitaire */
  GArray  *medico_social;
  GArray  *grades;
  GArray  *other;
  GPtrArray *ght_codes;     /* of char *, this copy */
  GPtrArray *ght_members;   /* of GArray of guint (indices in ch) */
} Demo;

/* ------------------------------------------------------------------ */
/* Paged feed writer */

typedef struct
{
  const char *directory;
  const char *feed;
  GString    *items;
  guint       count;
  guint       page;
} FeedWriter;

static void
json_string (GString    *out,
             const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
flush_page (FeedWriter  *writer,
            gboolean     last,
            GError     **error)
{
  g_autoptr(GString) page = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("page-%u.json", writer->page);
  g_autofree char *path = g_build_filename (writer->directory, writer->feed, name, NULL);

  g_string_append_printf (page, "{\"feed\": \"%s\", \"version\": 1, \"snapshot\": true,\n", writer->feed);
  if (last)
    g_string_append (page, " \"next\": null,\n");
  else
    g_string_append_printf (page, " \"next\": \"page-%u.json\",\n", writer->page + 1);
  g_string_append (page, " \"items\": [\n");
  g_string_append_len (page, writer->items->str, (gssize) writer->items->len);
  g_string_append (page, "\n]}\n");

  if (!g_file_set_contents (path, page->str, (gssize) page->len, error))
    return FALSE;

  g_string_truncate (writer->items, 0);
  writer->count = 0;
  writer->page++;
  return TRUE;
}

static gboolean
writer_begin (FeedWriter  *writer,
              const char  *directory,
              const char  *feed,
              GError     **error)
{
  g_autofree char *path = g_build_filename (directory, feed, NULL);

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  writer->directory = directory;
  writer->feed = feed;
  writer->items = g_string_new (NULL);
  writer->count = 0;
  writer->page = 1;
  return TRUE;
}

/* Returns the string to append the next item to, after flushing a full page. */
static GString *
writer_item (FeedWriter  *writer,
             GError     **error)
{
  if (writer->count == PAGE_SIZE && !flush_page (writer, FALSE, error))
    return NULL;
  if (writer->count > 0)
    g_string_append (writer->items, ",\n");
  writer->count++;
  return writer->items;
}

static gboolean
writer_end (FeedWriter  *writer,
            GError     **error)
{
  gboolean ok = flush_page (writer, TRUE, error);

  g_string_free (writer->items, TRUE);
  writer->items = NULL;
  return ok;
}

/* ------------------------------------------------------------------ */
/* Universe */

static guint
rand_below (Demo  *demo,
            guint  n)
{
  return (guint) g_rand_int_range (demo->rand, 0, (gint32) n);
}

static void
shuffle (Demo  *demo,
         guint *array,
         guint  n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = rand_below (demo, i);
      guint tmp = array[i - 1];

      array[i - 1] = array[j];
      array[j] = tmp;
    }
}

static guint
department_index (Demo       *demo,
                  const char *code)
{
  for (guint i = 0; i < demo->n_departments; i++)
    if (g_str_equal (demo->departments[i].code, code))
      return i;
  g_assert_not_reached ();
}

static guint
pick_department (Demo *demo)
{
  double r = g_rand_double (demo->rand) * demo->dept_total;

  for (guint i = 0; i < demo->n_departments; i++)
    if (r < demo->dept_cumulative[i])
      return i;
  return demo->n_departments - 1;
}

static guint
pick_department_in_region (Demo       *demo,
                           const char *region)
{
  guint candidates[64];
  guint n = 0;

  for (guint i = 0; i < demo->n_departments && n < G_N_ELEMENTS (candidates); i++)
    if (g_strcmp0 (demo->departments[i].region_code, region) == 0)
      candidates[n++] = i;
  g_assert (n > 0);
  return candidates[rand_below (demo, n)];
}

/* A new FINESS number of the department: its prefix, a serial, a Luhn key
 * (Corsican numbers have a letter and no key rule; a digit is added). */
static void
make_finess (Demo    *demo,
             guint    dept,
             DemoEst *est)
{
  const char *code = demo->departments[dept].code;
  guint serial = ++demo->serials[dept];
  guint sum = 0;

  if (strlen (code) == 3)
    g_snprintf (est->finess, sizeof est->finess, "%s%05u0", code, serial);
  else
    g_snprintf (est->finess, sizeof est->finess, "%s%06u0", code, serial);

  if (code[1] == 'A' || code[1] == 'B')
    return;

  for (int i = 7, position = 1; i >= 0; i--, position++)
    {
      guint digit = (guint) (est->finess[i] - '0');

      if (position % 2 == 1)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }
  est->finess[8] = (char) ('0' + (10 - sum % 10) % 10);
}

static DemoEst
new_est (Demo *demo,
         guint dept,
         int   ght)
{
  DemoEst est = { { 0 }, NULL, NULL, ght };

  make_finess (demo, dept, &est);
  est.department = demo->departments[dept].code;
  est.region = demo->departments[dept].region_code;
  return est;
}

static guint
region_weight (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (region_weights); i++)
    if (g_strcmp0 (region_weights[i].code, code) == 0)
      return region_weights[i].weight;
  return 0;
}

static void
build_universe (Demo *demo)
{
  guint n_regions;
  const CrrcRegion *regions = crrc_geo_get_regions (&n_regions);
  guint ght_per_region[32] = { 0 };
  guint total_weight = 0, given = 0;
  guint n_ch = 0;

  g_assert (n_regions <= G_N_ELEMENTS (ght_per_region));

  /* GHT per region: one each, the rest in proportion (largest remainder). */
  for (guint r = 0; r < n_regions; r++)
    total_weight += region_weight (regions[r].code);
  {
    double remainders[32];

    for (guint r = 0; r < n_regions; r++)
      {
        double share = (double) (N_GHT - n_regions) * region_weight (regions[r].code) / total_weight;

        ght_per_region[r] = 1 + (guint) share;
        remainders[r] = share - (guint) share;
        given += ght_per_region[r];
      }
    while (given < N_GHT)
      {
        guint best = 0;

        for (guint r = 1; r < n_regions; r++)
          if (remainders[r] > remainders[best])
            best = r;
        ght_per_region[best]++;
        remainders[best] = -1;
        given++;
      }
  }

  for (guint r = 0, g = 0; r < n_regions; r++)
    for (guint k = 0; k < ght_per_region[r]; k++, g++)
      {
        guint size = 4 + (g * 7) % 6;
        GArray *members = g_array_new (FALSE, FALSE, sizeof (guint));

        g_ptr_array_add (demo->ght_codes,
                         g_strdup_printf ("%s%u%02u", regions[r].code, demo->copy + 1, k + 1));
        for (guint m = 0; m < size; m++)
          {
            DemoEst est = new_est (demo, pick_department_in_region (demo, regions[r].code), (int) g);

            g_array_append_val (demo->ch, est);
            g_array_append_val (members, n_ch);
            n_ch++;
          }
        g_ptr_array_add (demo->ght_members, members);
      }

  for (guint i = n_ch; i < N_OTHER_SANITAIRE_TOTAL; i++)
    {
      DemoEst est = new_est (demo, pick_department (demo), -1);
      g_array_append_val (demo->sanitaire, est);
    }
  for (guint i = 0; i < N_MEDICO_SOCIAL; i++)
    {
      DemoEst est = new_est (demo, pick_department (demo), -1);
      g_array_append_val (demo->medico_social, est);
    }
  for (guint r = 0; r < n_regions; r++)
    {
      DemoEst est = new_est (demo, pick_department_in_region (demo, regions[r].code), -1);
      g_array_append_val (demo->grades, est);
    }
  for (guint i = 0; i < N_OTHER; i++)
    {
      DemoEst est = new_est (demo, pick_department (demo), -1);
      g_array_append_val (demo->other, est);
    }
}

static void
append_coordinates (GString *out,
                    Demo    *demo)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double lat = 43.0 + (double) rand_below (demo, 60000) / 10000.0;
  double lon = -1.0 + (double) rand_below (demo, 80000) / 10000.0;

  g_string_append (out, ", \"lat\": ");
  g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, lat));
  g_string_append (out, ", \"lon\": ");
  g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, lon));
}

static gboolean
write_est (FeedWriter  *writer,
           Demo        *demo,
           const DemoEst *est,
           const char  *category,
           const char  *label,
           const char  *sector,
           const char  *name,
           gboolean     is_public,
           const char  *ght_role,
           GError     **error)
{
  GString *out = writer_item (writer, error);
  const CrrcDepartment *dept;

  if (out == NULL)
    return FALSE;

  dept = &demo->departments[department_index (demo, est->department)];
  g_string_append_printf (out, "{\"id\": \"%s\", \"finess\": \"%s\", \"name\": ", est->finess, est->finess);
  json_string (out, name);
  g_string_append_printf (out, ", \"category\": \"%s\", \"category_label\": ", category);
  json_string (out, label);
  g_string_append_printf (out, ", \"sector\": \"%s\", \"department\": \"%s\"", sector, est->department);
  if (est->region != NULL)
    g_string_append_printf (out, ", \"region\": \"%s\"", est->region);
  g_string_append_printf (out, ", \"commune\": \"%s%0*u\"", dept->code,
                          strlen (dept->code) == 3 ? 2 : 3, 1 + rand_below (demo, 90));
  if (est->ght >= 0)
    g_string_append_printf (out, ", \"ght\": \"%s\", \"ght_role\": \"%s\"",
                            (const char *) g_ptr_array_index (demo->ght_codes, (guint) est->ght), ght_role);
  g_string_append_printf (out, ", \"public\": %s", is_public ? "true" : "false");
  append_coordinates (out, demo);
  g_string_append (out, ", \"updated_at\": \"" UPDATED_AT "\"}");
  return TRUE;
}

static gboolean
write_establishments (FeedWriter  *writer,
                      Demo        *demo,
                      GError     **error)
{
  guint n_regions;
  const CrrcRegion *regions = crrc_geo_get_regions (&n_regions);

  for (guint g = 0; g < demo->ght_members->len; g++)
    {
      GArray *members = g_ptr_array_index (demo->ght_members, g);

      for (guint m = 0; m < members->len; m++)
        {
          const DemoEst *est = &g_array_index (demo->ch, DemoEst, g_array_index (members, guint, m));
          const CrrcDepartment *dept = &demo->departments[department_index (demo, est->department)];
          gboolean chu = m == 0 && g % 4 == 0;
          g_autofree char *name = chu
            ? g_strdup_printf ("Centre hospitalier universitaire de %s", dept->name)
            : g_strdup_printf ("Centre hospitalier %s (%s)",
                               place_names[(g * 7 + m) % G_N_ELEMENTS (place_names)], dept->name);

          if (!write_est (writer, demo, est, chu ? "101" : "355",
                          chu ? "Centre Hospitalier Régional (C.H.R.)" : "Centre Hospitalier (C.H.)",
                          "sanitaire", name, TRUE, m == 0 ? "support" : "member", error))
            return FALSE;
        }
    }

  for (guint i = 0; i < demo->sanitaire->len; i++)
    {
      const DemoEst *est = &g_array_index (demo->sanitaire, DemoEst, i);
      guint kind = i % G_N_ELEMENTS (sanitaire_kinds);
      g_autofree char *name = g_strdup_printf ("%s %s", sanitaire_kinds[kind].prefix,
                                               place_names[(i / 7) % G_N_ELEMENTS (place_names)]);

      if (!write_est (writer, demo, est, sanitaire_kinds[kind].category, sanitaire_kinds[kind].label,
                      "sanitaire", name, kind >= 4, NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < demo->medico_social->len; i++)
    {
      const DemoEst *est = &g_array_index (demo->medico_social, DemoEst, i);
      guint w = i % 50, kind = 0;
      g_autofree char *name = NULL;

      while (w >= ms_kinds[kind].weight && kind + 1 < G_N_ELEMENTS (ms_kinds))
        {
          w -= ms_kinds[kind].weight;
          kind++;
        }
      name = g_strdup_printf ("%s %s", ms_kinds[kind].prefix,
                              place_names[(i / 3) % G_N_ELEMENTS (place_names)]);
      if (!write_est (writer, demo, est, ms_kinds[kind].category, ms_kinds[kind].label,
                      "medico_social", name, i % 3 == 0, NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < demo->grades->len; i++)
    {
      const DemoEst *est = &g_array_index (demo->grades, DemoEst, i);
      g_autofree char *name = g_strdup_printf ("GRADeS %s", regions[i % n_regions].name);

      if (!write_est (writer, demo, est, "610", "Groupement régional d'appui au développement de la e-santé",
                      "grades", name, TRUE, NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < demo->other->len; i++)
    {
      const DemoEst *est = &g_array_index (demo->other, DemoEst, i);
      g_autofree char *name = g_strdup_printf ("Laboratoire de biologie médicale %s",
                                               place_names[i % G_N_ELEMENTS (place_names)]);

      if (!write_est (writer, demo, est, "611", "Laboratoire de biologie médicale",
                      "other", name, FALSE, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Events */

static const DemoEst *
pick_from (Demo       *demo,
           DemoSector  sector)
{
  GArray *pool;

  switch (sector)
    {
    case SEC_CH: pool = demo->ch; break;
    case SEC_SANITAIRE:
      /* CH and other sanitaire establishments alike */
      {
        guint i = rand_below (demo, demo->ch->len + demo->sanitaire->len);

        if (i < demo->ch->len)
          return &g_array_index (demo->ch, DemoEst, i);
        return &g_array_index (demo->sanitaire, DemoEst, i - demo->ch->len);
      }
    case SEC_MEDICO_SOCIAL: pool = demo->medico_social; break;
    case SEC_GRADES: pool = demo->grades; break;
    case SEC_OTHER: default: pool = demo->other; break;
    }
  return &g_array_index (pool, DemoEst, rand_below (demo, pool->len));
}

/* Spreads n over the months 1…last by their weights (largest remainder). */
static void
month_counts (guint n,
              guint last,
              guint counts[12])
{
  guint total = 0, given = 0;
  double remainders[12];

  for (guint m = 0; m < last; m++)
    total += month_weights[m];
  for (guint m = 0; m < 12; m++)
    {
      counts[m] = 0;
      remainders[m] = -1;
    }
  for (guint m = 0; m < last; m++)
    {
      double share = (double) n * month_weights[m] / total;

      counts[m] = (guint) share;
      remainders[m] = share - counts[m];
      given += counts[m];
    }
  while (given < n)
    {
      guint best = 0;

      for (guint m = 1; m < 12; m++)
        if (remainders[m] > remainders[best])
          best = m;
      counts[best]++;
      remainders[best] = -1;
      given++;
    }
}

/* Days of the month with events; May 2024 stops before the feed's date. */
static guint
days_in_month (int   year,
               guint month)
{
  if (year == 2024 && month == 5)
    return 20;
  return g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

static gboolean
write_incidents (FeedWriter  *writer,
                 Demo        *demo,
                 GError     **error)
{
  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    {
      const YearSpec *spec = &years[y];
      g_autofree guint *months = g_new (guint, spec->n);
      g_autofree guint *sectors = g_new (guint, spec->n);
      g_autoptr(GHashTable) cert_seen = g_hash_table_new (g_str_hash, g_str_equal);
      guint counts[12];
      guint k = 0;

      month_counts (spec->n, spec->last_month, counts);
      for (guint m = 0; m < 12; m++)
        for (guint c = 0; c < counts[m]; c++)
          months[k++] = m + 1;
      for (guint i = 0; i < spec->n; i++)
        sectors[i] = i < spec->sanitaire ? SEC_SANITAIRE
          : i < spec->sanitaire + spec->medico_social ? SEC_MEDICO_SOCIAL
          : i < spec->sanitaire + spec->medico_social + spec->grades ? SEC_GRADES
          : SEC_OTHER;
      shuffle (demo, months, spec->n);
      shuffle (demo, sectors, spec->n);

      for (guint i = 0; i < spec->n; i++)
        {
          const char *origin, *type, *functioning, *severity, *data_impact;
          gboolean affected = i < spec->n - spec->no_functioning_impact;
          const DemoEst *est;
          guint day = 1 + rand_below (demo, days_in_month (spec->year, months[i]));
          guint hour = 6 + rand_below (demo, 14), minute = rand_below (demo, 60);
          GString *out;

          if (i < spec->malicious)
            {
              guint t = 0, rank = i;

              origin = "malicious";
              while (rank >= spec->types[t])
                rank -= spec->types[t++];
              type = malicious_types[t];
            }
          else if (i < spec->n - spec->undetermined)
            {
              origin = "non_malicious";
              type = accidental_types[i % G_N_ELEMENTS (accidental_types)];
            }
          else
            {
              origin = "undetermined";
              type = "other";
            }

          functioning = !affected ? "none" : i % 3 == 0 ? "interrupted" : "degraded";
          severity = i < spec->extreme ? "extreme" : i < spec->severe ? "important"
            : affected ? "medium" : "low";
          if (g_str_equal (type, "ransomware"))
            data_impact = "[\"confidentiality\", \"availability\"]";
          else if (g_str_equal (type, "data_leak"))
            data_impact = "[\"confidentiality\"]";
          else if (affected)
            data_impact = "[\"availability\"]";
          else
            data_impact = "[]";

          /* An establishment receives CERT Santé's support once a year. */
          do
            est = pick_from (demo, sectors[i]);
          while (i < spec->cert && g_hash_table_contains (cert_seen, est->finess));
          if (i < spec->cert)
            g_hash_table_add (cert_seen, (gpointer) est->finess);

          out = writer_item (writer, error);
          if (out == NULL)
            return FALSE;
          g_string_append_printf (out,
                                  "{\"id\": \"INC-%d-%u%04u\", \"finess\": \"%s\","
                                  " \"declared_at\": \"%d-%02u-%02uT%02u:%02u:00Z\","
                                  " \"origin\": \"%s\", \"type\": \"%s\", \"patient_care_impact\": %s,"
                                  " \"functioning_impact\": \"%s\", \"data_impact\": %s,"
                                  " \"severity\": \"%s\", \"support_requested\": %s, \"cert_support\": %s,"
                                  " \"summary\": \"Incident de démonstration\","
                                  " \"updated_at\": \"%d-%02u-%02uT%02u:%02u:00Z\"}",
                                  spec->year, demo->copy, i + 1, est->finess,
                                  spec->year, months[i], day, hour, minute,
                                  origin, type, i < spec->patient ? "true" : "false",
                                  functioning, data_impact, severity,
                                  i < spec->support ? "true" : "false",
                                  i < spec->cert ? "true" : "false",
                                  spec->year, months[i], day, hour, minute);
        }
    }
  return TRUE;
}

/* k distinct indices below n, in the order drawn. */
static guint *
pick_distinct (Demo  *demo,
               guint  n,
               guint  k)
{
  guint *all = g_new (guint, n);

  g_assert (k <= n);
  for (guint i = 0; i < n; i++)
    all[i] = i;
  for (guint i = 0; i < k; i++)
    {
      guint j = i + rand_below (demo, n - i);
      guint tmp = all[i];

      all[i] = all[j];
      all[j] = tmp;
    }
  return all;
}

static gboolean
write_audit (FeedWriter     *writer,
             Demo           *demo,
             const char     *prefix,
             guint           index,
             const DemoEst  *est,
             int             year,
             guint           last_month,
             GError        **error)
{
  static const char * const services[] = { "rdp", "vpn", "web_portal", "remote_maintenance", "mail" };
  static const char * const severities[] = { "low", "medium", "high", "critical" };
  guint month = 1 + rand_below (demo, last_month);
  guint day = 1 + rand_below (demo, 28);
  guint n_findings = rand_below (demo, 3);
  GString *out = writer_item (writer, error);

  if (out == NULL)
    return FALSE;
  g_string_append_printf (out, "{\"id\": \"AUD-%d-%s%u%05u\", \"finess\": \"%s\", \"date\": \"%d-%02u-%02u\","
                          " \"kind\": \"cybersurveillance\", \"findings\": [",
                          year, prefix, demo->copy, index + 1, est->finess, year, month, day);
  for (guint f = 0; f < n_findings; f++)
    g_string_append_printf (out, "%s{\"service\": \"%s\", \"severity\": \"%s\"}", f > 0 ? ", " : "",
                            services[rand_below (demo, G_N_ELEMENTS (services))],
                            severities[rand_below (demo, G_N_ELEMENTS (severities))]);
  g_string_append_printf (out, "], \"updated_at\": \"%d-%02u-%02uT08:00:00Z\"}", year, month, day);
  return TRUE;
}

static gboolean
write_audits (FeedWriter  *writer,
              Demo        *demo,
              GError     **error)
{
  const guint n_majority = 72, n_minority = 33;
  guint n_ght = demo->ght_members->len;
  g_autofree guint *order = pick_distinct (demo, n_ght, n_ght);
  g_autofree guint *audited = g_new0 (guint, n_ght);
  g_autofree guint *caps = g_new0 (guint, n_ght);
  guint total = 0, index = 0;
  g_autofree guint *san = NULL, *ms = NULL, *grades = NULL;

  /* 432 centres hospitaliers in 105 GHT, more than half audited in 72. */
  for (guint r = 0; r < n_majority + n_minority; r++)
    {
      guint g = order[r];
      guint size = ((GArray *) g_ptr_array_index (demo->ght_members, g))->len;

      audited[g] = r < n_majority ? size / 2 + 1 : 1;
      caps[g] = r < n_majority ? size : size / 2;
      total += audited[g];
    }
  while (total < 432)
    {
      gboolean grew = FALSE;

      for (guint r = 0; r < n_majority + n_minority && total < 432; r++)
        if (audited[order[r]] < caps[order[r]])
          {
            audited[order[r]]++;
            total++;
            grew = TRUE;
          }
      g_assert (grew);
    }
  g_assert (total == 432);

  for (guint g = 0; g < n_ght; g++)
    {
      GArray *members = g_ptr_array_index (demo->ght_members, g);

      for (guint m = 0; m < audited[g]; m++)
        if (!write_audit (writer, demo, "", index++,
                          &g_array_index (demo->ch, DemoEst, g_array_index (members, guint, m)),
                          2023, 12, error))
          return FALSE;
    }

  san = pick_distinct (demo, demo->sanitaire->len, 77);
  for (guint i = 0; i < 77; i++)
    if (!write_audit (writer, demo, "", index++, &g_array_index (demo->sanitaire, DemoEst, san[i]),
                      2023, 12, error))
      return FALSE;
  ms = pick_distinct (demo, demo->medico_social->len, 18);
  for (guint i = 0; i < 18; i++)
    if (!write_audit (writer, demo, "", index++, &g_array_index (demo->medico_social, DemoEst, ms[i]),
                      2023, 12, error))
      return FALSE;
  grades = pick_distinct (demo, demo->grades->len, 2);
  for (guint i = 0; i < 2; i++)
    if (!write_audit (writer, demo, "", index++, &g_array_index (demo->grades, DemoEst, grades[i]),
                      2023, 12, error))
      return FALSE;

  /* Earlier and later years, on hospitals. */
  for (guint i = 0; i < 310; i++)
    if (!write_audit (writer, demo, "", i, pick_from (demo, SEC_SANITAIRE), 2022, 12, error))
      return FALSE;
  for (guint i = 0; i < 140; i++)
    if (!write_audit (writer, demo, "", i, pick_from (demo, SEC_SANITAIRE), 2024, 4, error))
      return FALSE;

  return TRUE;
}

static gboolean
write_alert (FeedWriter     *writer,
             Demo           *demo,
             guint           index,
             const DemoEst  *est,
             int             year,
             guint           last_month,
             GError        **error)
{
  static const char * const kinds[] = { "vulnerability", "exposure", "vulnerability", "compromise", "data_leak" };
  guint month = 1 + rand_below (demo, last_month);
  guint day = 1 + rand_below (demo, 28);
  const char *kind = kinds[rand_below (demo, G_N_ELEMENTS (kinds))];
  gboolean acknowledged = rand_below (demo, 4) != 0;
  GString *out = writer_item (writer, error);

  if (out == NULL)
    return FALSE;
  g_string_append_printf (out, "{\"id\": \"ALR-%d-%u%05u\", \"finess\": \"%s\","
                          " \"sent_at\": \"%d-%02u-%02uT09:00:00Z\", \"kind\": \"%s\","
                          " \"reference\": \"CERTFR-%d-ALE-%03u\"",
                          year, demo->copy, index + 1, est->finess, year, month, day, kind,
                          year, 1 + index % 40);
  if (g_str_equal (kind, "vulnerability"))
    g_string_append_printf (out, ", \"cve\": \"CVE-%d-%05u\"", year, 1000 + index * 7 % 50000);
  if (acknowledged)
    g_string_append_printf (out, ", \"acknowledged_at\": \"%d-%02u-%02uT15:00:00Z\"", year, month, day);
  g_string_append_printf (out, ", \"updated_at\": \"%d-%02u-%02uT15:00:00Z\"}", year, month, day);
  return TRUE;
}

static gboolean
write_alerts (FeedWriter  *writer,
              Demo        *demo,
              GError     **error)
{
  guint n_san = demo->ch->len + demo->sanitaire->len;
  g_autofree guint *san = pick_distinct (demo, n_san, 271);
  g_autofree guint *ms = pick_distinct (demo, demo->medico_social->len, 180);
  guint index = 0;

  /* 2023: 451 structures, some of them alerted twice. */
  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < (round == 0 ? 271u : 80u); i++)
        {
          const DemoEst *est = san[i] < demo->ch->len
            ? &g_array_index (demo->ch, DemoEst, san[i])
            : &g_array_index (demo->sanitaire, DemoEst, san[i] - demo->ch->len);

          if (!write_alert (writer, demo, index++, est, 2023, 12, error))
            return FALSE;
        }
      for (guint i = 0; i < (round == 0 ? 180u : 30u); i++)
        if (!write_alert (writer, demo, index++, &g_array_index (demo->medico_social, DemoEst, ms[i]),
                          2023, 12, error))
          return FALSE;
    }

  for (guint i = 0; i < 320; i++)
    if (!write_alert (writer, demo, i, pick_from (demo, i % 3 ? SEC_SANITAIRE : SEC_MEDICO_SOCIAL),
                      2022, 12, error))
      return FALSE;
  for (guint i = 0; i < 190; i++)
    if (!write_alert (writer, demo, i, pick_from (demo, i % 3 ? SEC_SANITAIRE : SEC_MEDICO_SOCIAL),
                      2024, 4, error))
      return FALSE;
  return TRUE;
}

/* Three campaigns of medico-social diagnostics, in different stages, and
 * the diagnostics of their establishments. */
static const struct {
  const char *region;
  const char *name;
  const char *start, *due;
  guint n_targets;
  const char * const stages[4];
} campaigns[] = {
  { "27", "Diagnostics médico-sociaux Bourgogne-Franche-Comté 2023", "2023-03-01", "2023-12-15", 24,
    { "action_plan", "report_sent", "rediagnosed", "exercise_done" } },
  { "84", "Diagnostics médico-sociaux Auvergne-Rhône-Alpes 2024", "2024-01-15", "2024-12-15", 30,
    { "diagnosed", "scheduled", "report_sent", "contacted" } },
  { "53", "Diagnostics EHPAD Bretagne 2024", "2024-05-02", "2025-03-31", 20,
    { "targeted", "contacted", "targeted", "scheduled" } },
};

static gboolean
stage_has_diagnostic (const char *stage)
{
  return g_str_equal (stage, "diagnosed") || g_str_equal (stage, "report_sent")
    || g_str_equal (stage, "action_plan") || g_str_equal (stage, "exercise_done")
    || g_str_equal (stage, "rediagnosed");
}

/* How a domain usually compares with an establishment's level: crisis
 * exercises and remote maintenance lag, updates and infrastructure lead. */
static const struct { const char *domain; double offset; } domain_offsets[] = {
  { "governance", 0.2 }, { "exposure", -0.3 }, { "identities", -0.3 },
  { "remote_access", -0.5 }, { "workstations", 0.4 }, { "infrastructure", 0.2 },
  { "continuity", -0.1 }, { "crisis", -0.7 }, { "awareness", -0.2 }, { "watch", 0.0 },
};

/* The answers of one diagnostic to every question: @level (0–3) plus the
 * domain's offset and some noise, rounded; a few "na" and "unknown". */
static void
append_answers (GString         *out,
                GRand           *rand,
                CrrcReferential *referential,
                double           level)
{
  guint n = crrc_referential_get_n_questions (referential);

  for (guint q = 0; q < n; q++)
    {
      const CrrcReferentialQuestion *question = crrc_referential_get_question (referential, q);
      double offset = 0, value;
      guint draw = (guint) g_rand_int_range (rand, 0, 100);

      for (guint d = 0; d < G_N_ELEMENTS (domain_offsets); d++)
        if (g_str_equal (domain_offsets[d].domain, question->domain_id))
          offset = domain_offsets[d].offset;

      g_string_append_printf (out, "%s\"%s\": ", q > 0 ? ", " : "", question->id);
      if (draw < 3)
        g_string_append (out, "\"na\"");
      else if (draw < 9)
        g_string_append (out, "\"unknown\"");
      else
        {
          value = level + offset + g_rand_double_range (rand, -0.9, 0.9);
          g_string_append_printf (out, "%d", (int) CLAMP (floor (value + 0.5), 0, 3));
        }
    }
}

/* Diagnostics outside the campaigns: each mainland region's centre has
 * diagnosed some of its medico-social and sanitaire establishments, some of
 * them twice (a year apart, for progress). */
static gboolean
write_regional_diagnostics (Demo            *demo,
                            GRand           *rand,
                            CrrcReferential *referential,
                            FeedWriter      *writer,
                            GError         **error)
{
  guint serial = 0;

  for (guint r = 0; r < G_N_ELEMENTS (region_weights); r++)
    {
      GArray *pools[] = { demo->medico_social, demo->sanitaire };
      guint weight = region_weights[r].weight;

      if (weight < 20)
        continue;
      for (guint p = 0; p < G_N_ELEMENTS (pools); p++)
        {
          guint wanted = p == 0 ? weight : weight / 3, in_region = 0;

          for (guint i = 0; i < pools[p]->len; i++)
            if (g_strcmp0 (g_array_index (pools[p], DemoEst, i).region, region_weights[r].code) == 0)
              in_region++;
          for (guint i = 0; i < pools[p]->len && in_region > 0; i++)
            {
              const DemoEst *est = &g_array_index (pools[p], DemoEst, i);
              double level;
              guint month, day, rounds;

              if (g_strcmp0 (est->region, region_weights[r].code) != 0)
                continue;
              if ((guint) g_rand_int_range (rand, 0, (gint32) in_region) >= wanted)
                continue;

              level = 0.5 + 2.0 * g_rand_double (rand);
              month = (guint) g_rand_int_range (rand, 1, 13);
              day = (guint) g_rand_int_range (rand, 1, 29);
              rounds = g_rand_int_range (rand, 0, 4) == 0 ? 2 : 1;
              for (guint round = 0; round < rounds; round++)
                {
                  /* The second round a year later, somewhat better. */
                  int year = (rounds == 2 && round == 1) ? 2024 : 2023;
                  guint m = year == 2024 ? 1 + month % 4 : month;
                  GString *out = writer_item (writer, error);

                  if (out == NULL)
                    return FALSE;
                  g_string_append_printf (out, "{\"id\": \"DIAG-R%u-%s-%05u\", \"finess\": \"%s\","
                                          " \"date\": \"%d-%02u-%02u\", \"referential\": \"crrc-maturity-1\","
                                          " \"answers\": {",
                                          demo->copy, region_weights[r].code, ++serial, est->finess,
                                          year, m, day);
                  append_answers (out, rand, referential, MIN (3.0, level + 0.4 * round));
                  g_string_append_printf (out, "}, \"updated_at\": \"%d-%02u-%02uT08:00:00Z\"}", year, m, day);
                }
            }
        }
    }
  return TRUE;
}

static gboolean
write_campaigns (Demo             *demo,
                 GRand            *answers_rand,
                 CrrcReferential  *referential,
                 FeedWriter       *campaign_writer,
                 FeedWriter       *diagnostic_writer,
                 GError          **error)
{
  guint diag_index = 0;


  for (guint c = 0; c < G_N_ELEMENTS (campaigns); c++)
    {
      GString *out = writer_item (campaign_writer, error);
      g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (guint));
      int year = atoi (campaigns[c].start);

      if (out == NULL)
        return FALSE;
      /* Medico-social establishments of the region, in the registry's order. */
      for (guint i = 0; i < demo->medico_social->len && targets->len < campaigns[c].n_targets; i++)
        if (g_strcmp0 (g_array_index (demo->medico_social, DemoEst, i).region, campaigns[c].region) == 0
            && rand_below (demo, 20) == 0)
          g_array_append_val (targets, i);

      g_string_append_printf (out, "{\"id\": \"CAMP-%d-%s-%u\", \"name\": ", year, campaigns[c].region, demo->copy);
      json_string (out, campaigns[c].name);
      g_string_append_printf (out, ", \"region\": \"%s\", \"sector\": \"medico_social\","
                              " \"start\": \"%s\", \"due\": \"%s\", \"targets\": [",
                              campaigns[c].region, campaigns[c].start, campaigns[c].due);
      for (guint t = 0; t < targets->len; t++)
        {
          const DemoEst *est = &g_array_index (demo->medico_social, DemoEst, g_array_index (targets, guint, t));
          const char *stage = campaigns[c].stages[t % 4];
          guint month = (guint) atoi (campaigns[c].start + 5);
          guint day = 1 + t % 28;

          g_string_append_printf (out, "%s{\"finess\": \"%s\", \"stage\": \"%s\", \"stage_date\": \"%d-%02u-%02u\"}",
                                  t > 0 ? ", " : "", est->finess, stage, year, month, day);

          if (stage_has_diagnostic (stage))
            {
              GString *diag = writer_item (diagnostic_writer, error);

              if (diag == NULL)
                return FALSE;
              g_string_append_printf (diag, "{\"id\": \"DIAG-%d-%u%04u\", \"finess\": \"%s\","
                                      " \"date\": \"%d-%02u-%02u\", \"referential\": \"crrc-maturity-1\","
                                      " \"campaign\": \"CAMP-%d-%s-%u\", \"answers\": {",
                                      year, demo->copy, ++diag_index, est->finess, year, month, day,
                                      year, campaigns[c].region, demo->copy);
              append_answers (diag, answers_rand, referential,
                              0.6 + 1.8 * g_rand_double (answers_rand));
              g_string_append_printf (diag, "}, \"updated_at\": \"%d-%02u-%02uT08:00:00Z\"}", year, month, day);
            }
        }
      g_string_append_printf (out, "], \"updated_at\": \"%s\"}", UPDATED_AT);
    }
  return TRUE;
}

static gboolean
write_maturity (Demo        *demo,
                FeedWriter  *campaign_writer,
                FeedWriter  *diagnostic_writer,
                GError     **error)
{
  CrrcReferential *referential = crrc_referential_get_default (error);
  g_autoptr(GRand) answers_rand = NULL;

  if (referential == NULL)
    return FALSE;
  /* A stream of its own: the other feeds stay as they were. */
  answers_rand = g_rand_new_with_seed (demo->seed * 7919 + demo->copy + 1);
  return write_campaigns (demo, answers_rand, referential, campaign_writer, diagnostic_writer, error)
         && write_regional_diagnostics (demo, answers_rand, referential, diagnostic_writer, error);
}

static gboolean
write_exercises_and_funding (Demo        *demo,
                             FeedWriter  *exercises,
                             FeedWriter  *funding,
                             GError     **error)
{
  static const char * const statuses[] = { "paid", "validated", "applied" };

  for (guint i = 0; i < 120; i++)
    {
      const DemoEst *est = pick_from (demo, i % 2 ? SEC_SANITAIRE : SEC_MEDICO_SOCIAL);
      int year = 2023 + (int) (i % 2);
      guint month = 1 + rand_below (demo, year == 2024 ? 4 : 12);
      GString *out = writer_item (exercises, error);

      if (out == NULL)
        return FALSE;
      g_string_append_printf (out, "{\"id\": \"EXE-%d-%u%04u\", \"finess\": \"%s\", \"date\": \"%d-%02u-%02u\","
                              " \"kind\": \"%s\", \"kit\": \"%s\", \"updated_at\": \"%d-%02u-28T08:00:00Z\"}",
                              year, demo->copy, i + 1, est->finess, year, month, 1 + rand_below (demo, 28),
                              i % 5 == 0 ? "full_scale" : "tabletop",
                              i < 28 ? "pcra" : "crrc-exercice-2023", year, month);
    }

  for (guint i = 0; i < 150; i++)
    {
      const DemoEst *est = pick_from (demo, SEC_SANITAIRE);
      int year = 2023 + (int) (i % 3);
      guint amount = 20000 + rand_below (demo, 180) * 1000;
      GString *out = writer_item (funding, error);

      if (out == NULL)
        return FALSE;
      g_string_append_printf (out, "{\"id\": \"FUN-%d-%u%04u\", \"finess\": \"%s\", \"programme\": \"care\","
                              " \"domain\": \"d%u\", \"year\": %d, \"amount_eur\": %u, \"status\": \"%s\","
                              " \"updated_at\": \"" UPDATED_AT "\"}",
                              year, demo->copy, i + 1, est->finess, 1 + i % 5, year, amount,
                              statuses[year - 2023]);
    }
  return TRUE;
}

static void
demo_clear (Demo *demo)
{
  g_clear_pointer (&demo->ch, g_array_unref);
  g_clear_pointer (&demo->sanitaire, g_array_unref);
  g_clear_pointer (&demo->medico_social, g_array_unref);
  g_clear_pointer (&demo->grades, g_array_unref);
  g_clear_pointer (&demo->other, g_array_unref);
  g_clear_pointer (&demo->ght_codes, g_ptr_array_unref);
  g_clear_pointer (&demo->ght_members, g_ptr_array_unref);
}

static void
demo_reset (Demo *demo)
{
  demo_clear (demo);
  demo->ch = g_array_new (FALSE, FALSE, sizeof (DemoEst));
  demo->sanitaire = g_array_new (FALSE, FALSE, sizeof (DemoEst));
  demo->medico_social = g_array_new (FALSE, FALSE, sizeof (DemoEst));
  demo->grades = g_array_new (FALSE, FALSE, sizeof (DemoEst));
  demo->other = g_array_new (FALSE, FALSE, sizeof (DemoEst));
  demo->ght_codes = g_ptr_array_new_with_free_func (g_free);
  demo->ght_members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}

static const char * const feed_names[] = {
  "establishments", "incidents", "audits", "alerts", "campaigns", "diagnostics", "exercises", "funding",
};

/**
 * crrc_demo_write_feed:
 * @directory: where to write (created if needed)
 * @seed: the seed of the random choices
 * @scale: 1 for the national figures; N multiplies establishments and events
 * @error: return location for an error
 *
 * Returns: whether the feed was written
 */
gboolean
crrc_demo_write_feed (const char  *directory,
                      guint32      seed,
                      guint        scale,
                      GError     **error)
{
  FeedWriter writers[G_N_ELEMENTS (feed_names)] = { 0 };
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autofree char *manifest_path = NULL;
  g_autofree double *cumulative = NULL;
  Demo demo = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (scale >= 1, FALSE);

  demo.rand = g_rand_new_with_seed (seed);
  demo.seed = seed;
  demo.departments = crrc_geo_get_departments (&demo.n_departments);
  g_assert (demo.n_departments <= G_N_ELEMENTS (demo.serials));
  cumulative = g_new0 (double, demo.n_departments);
  demo.dept_cumulative = cumulative;
  {
    guint n_in_region[100] = { 0 };

    for (guint i = 0; i < demo.n_departments; i++)
      if (demo.departments[i].region_code != NULL)
        n_in_region[atoi (demo.departments[i].region_code) % 100]++;
    for (guint i = 0; i < demo.n_departments; i++)
      {
        const char *region = demo.departments[i].region_code;
        double weight = region != NULL ? (double) region_weight (region) / n_in_region[atoi (region) % 100] : 0;

        demo.dept_total += weight;
        cumulative[i] = demo.dept_total;
      }
  }

  for (guint f = 0; f < G_N_ELEMENTS (feed_names); f++)
    if (!writer_begin (&writers[f], directory, feed_names[f], error))
      goto out;

  for (guint copy = 0; copy < scale; copy++)
    {
      demo.copy = copy;
      demo_reset (&demo);
      build_universe (&demo);
      if (!write_establishments (&writers[0], &demo, error)
          || !write_incidents (&writers[1], &demo, error)
          || !write_audits (&writers[2], &demo, error)
          || !write_alerts (&writers[3], &demo, error)
          || !write_maturity (&demo, &writers[4], &writers[5], error)
          || !write_exercises_and_funding (&demo, &writers[6], &writers[7], error))
        goto out;
    }

  for (guint f = 0; f < G_N_ELEMENTS (feed_names); f++)
    {
      if (!writer_end (&writers[f], error))
        goto out;
    }

  g_string_append (manifest, "{\"format\": \"crrc-feed\", \"version\": 1,\n"
                   " \"publisher\": \"Données de démonstration CRRC\",\n"
                   " \"generated_at\": \"" UPDATED_AT "\",\n \"feeds\": [\n");
  for (guint f = 0; f < G_N_ELEMENTS (feed_names); f++)
    g_string_append_printf (manifest, "  {\"name\": \"%s\", \"href\": \"%s/page-1.json\"}%s\n",
                            feed_names[f], feed_names[f], f + 1 < G_N_ELEMENTS (feed_names) ? "," : "");
  g_string_append (manifest, " ]}\n");
  manifest_path = g_build_filename (directory, "manifest.json", NULL);
  ok = g_file_set_contents (manifest_path, manifest->str, (gssize) manifest->len, error);

out:
  for (guint f = 0; f < G_N_ELEMENTS (feed_names); f++)
    if (writers[f].items != NULL)
      g_string_free (writers[f].items, TRUE);
  demo_clear (&demo);
  g_rand_free (demo.rand);
  return ok;
}

/**
 * crrc_demo_get_directory:
 * @cache_path: the path of the cache file
 *
 * Returns: (transfer full): where the demonstration feed is written: the
 *   directory `crrc-demo-feed` next to the cache. The command line and the
 *   window use the same one, so they see the same demonstration rows.
 */
char *
crrc_demo_get_directory (const char *cache_path)
{
  g_autofree char *parent = NULL;

  g_return_val_if_fail (cache_path != NULL, NULL);

  parent = g_path_get_dirname (cache_path);
  return g_build_filename (parent, "crrc-demo-feed", NULL);
}

/**
 * crrc_demo_get_url:
 * @cache_path: the path of the cache file
 *
 * Returns: (transfer full): the base URL of the demonstration feed, the
 *   file:// address of crrc_demo_get_directory() with a final slash
 */
char *
crrc_demo_get_url (const char *cache_path)
{
  g_autofree char *directory = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (cache_path != NULL, NULL);

  directory = crrc_demo_get_directory (cache_path);
  uri = g_filename_to_uri (directory, NULL, NULL);
  if (uri == NULL)
    return NULL;

  return g_strconcat (uri, "/", NULL);
}

/* The tables a feed fills: their rows carry the feed's source. Children
 * (findings, answers, targets) go with their parents. Constant text; the
 * source is bound. */
static const char * const demo_remove_sql[] = {
  "DELETE FROM establishments WHERE source = ?1",
  "DELETE FROM incidents WHERE source = ?1",
  "DELETE FROM audits WHERE source = ?1",
  "DELETE FROM alerts WHERE source = ?1",
  "DELETE FROM diagnostics WHERE source = ?1",
  "DELETE FROM campaigns WHERE source = ?1",
  "DELETE FROM exercises WHERE source = ?1",
  "DELETE FROM funding WHERE source = ?1",
  "DELETE FROM feed_state WHERE source = ?1",
};

static gboolean
demo_remove_locked (CrrcStore   *store,
                    const char  *source,
                    GError     **error)
{
  sqlite3 *db;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = _crrc_store_get_db (store);

  if (!_crrc_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_remove_sql); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (sqlite3_prepare_v2 (db, demo_remove_sql[i], -1, &stmt, NULL) != SQLITE_OK
          || sqlite3_bind_text (stmt, 1, source, -1, SQLITE_TRANSIENT) != SQLITE_OK
          || sqlite3_step (stmt) != SQLITE_DONE)
        {
          _crrc_store_set_error (store, error);
          g_clear_pointer (&stmt, sqlite3_finalize);
          (void) sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  if (!_crrc_store_exec (store, "COMMIT", error))
    {
      (void) sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * crrc_demo_remove:
 * @store: the cache
 * @source: the `source` of the demonstration rows
 *
 * Deletes the rows of @source from every table a feed fills, and its
 * feed_state, in one transaction. The analyst's own data (local_* tables,
 * notes) is never touched. Blocks: call it from a worker thread.
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_demo_remove (CrrcStore   *store,
                  const char  *source,
                  GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _crrc_store_lock_writer (store);
  ok = demo_remove_locked (store, source, error);
  _crrc_store_unlock_writer (store);

  return ok;
}
