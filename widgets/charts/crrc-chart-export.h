/* crrc-chart-export.h: charts as PNG, SVG, PDF, slide decks and textures
 *
 * Shared by the chart widgets' menus, the Observatoire page and the command
 * line. Every export is drawn with the print theme (light, whatever the UI
 * style), decorated with title, subtitle and source, and written atomically
 * to a file readable by its owner only (mode 0600): charts carry sensitive
 * figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>
#include <gio/gio.h>

#include "crrc-chart-model.h"

G_BEGIN_DECLS

typedef enum
{
  CRRC_CHART_FORMAT_PNG,
  CRRC_CHART_FORMAT_SVG,
  CRRC_CHART_FORMAT_PDF,
} CrrcChartFormat;

#define CRRC_CHART_EXPORT_WIDTH  1920
#define CRRC_CHART_EXPORT_HEIGHT 1080

/* "png", "svg", "pdf" (any case) → format; FALSE for anything else. */
gboolean    crrc_chart_format_from_string (const char      *text,
                                           CrrcChartFormat *format);
const char *crrc_chart_format_to_extension (CrrcChartFormat format);

/* One chart, decorated, at @width × @height: pixels for PNG (times @scale,
 * e.g. 2 for a HiDPI copy), points for SVG and PDF (@scale ignored). */
gboolean    crrc_chart_export_file     (CrrcChartModel   *model,
                                        CrrcChartFormat   format,
                                        GFile            *file,
                                        int               width,
                                        int               height,
                                        double            scale,
                                        GCancellable     *cancellable,
                                        GError          **error);

/* Several charts in one PDF, one per page of @width × @height points. */
gboolean    crrc_chart_export_pdf_pages (GPtrArray       *models,
                                         GFile           *file,
                                         double           width,
                                         double           height,
                                         GCancellable    *cancellable,
                                         GError         **error);

/* The title slide of a deck. */
typedef struct
{
  const char *title;      /* "Observatoire des incidents de sécurité" */
  const char *scope;      /* "Bourgogne-Franche-Comté — 2023" */
  const char *freshness;  /* "Données synchronisées le 21 mai 2024", or NULL */
  gboolean    demo;       /* adds "Données de démonstration" */
} CrrcSlidesCover;

/* A 16:9 PDF deck: the cover, then one chart per slide with its title, its
 * subtitle (the filters applied) and its source line. */
gboolean    crrc_chart_export_slides   (GPtrArray             *models,
                                        const CrrcSlidesCover *cover,
                                        GFile                 *file,
                                        GCancellable          *cancellable,
                                        GError               **error);

/* Writes @data in place of @file the way every export does: a private
 * temporary file in the same folder, renamed over @file once complete, so a
 * failure leaves @file as it was; errors name @file. For documents drawn
 * elsewhere (an establishment's fact sheet). */
gboolean    crrc_chart_export_write_bytes (GFile         *file,
                                           const guint8  *data,
                                           gsize          length,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* The chart drawn as an image (for the clipboard), print theme. */
GdkTexture *crrc_chart_export_texture  (CrrcChartModel   *model,
                                        int               width,
                                        int               height,
                                        double            scale);

G_END_DECLS
