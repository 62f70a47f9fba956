/* crrc-chart-export.c: charts as PNG, SVG, PDF, slide decks and textures
 *
 * Every file is drawn with the print theme and written to a temporary file
 * created with mode 0600 next to the destination, then renamed over it: a
 * reader sees either the old file or the whole new one, and a failed or
 * cancelled export leaves the destination as it was and no temporary file
 * behind. (g_file_replace() would write a file that does not exist yet in
 * place, leaving a partial file on failure.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "crrc-chart-draw.h"
#include "crrc-chart-export.h"
#include "crrc-chart-theme.h"
#include "crrc-display-text.h"

#define CREATOR "CRRC Dashboard"

/* Slides are 16:9, 960 × 540 points (a 13.33 × 7.5 inch slide). */
#define SLIDE_WIDTH  960.0
#define SLIDE_HEIGHT 540.0

/* Larger images than this are refused before cairo fails on them. */
#define MAX_PIXELS 32767

typedef struct
{
  GFile         *file;         /* the destination */
  GFile         *tmp;          /* written, then renamed over @file */
  GOutputStream *stream;       /* buffered, onto @tmp */
  GCancellable  *cancellable;
  GError        *error;        /* the first write error */
  gboolean       discard;      /* failed: cairo's last writes are dropped */
} Writer;

static char *
file_display_name (GFile *file)
{
  const char *path = g_file_peek_path (file);

  if (path != NULL)
    return g_filename_display_name (path);

  return g_file_get_parse_name (file);
}

/* An error naming the file and its cause, keeping the cause's domain and
 * code (G_IO_ERROR_CANCELLED stays recognisable). */
static void
set_file_error (GError       **error,
                GFile         *file,
                GQuark         domain,
                int            code,
                const char    *cause)
{
  g_autofree char *name = file_display_name (file);

  /* Translators: the first %s is a file name, the second why it failed. */
  g_set_error (error, domain, code, _("Could not write “%s”: %s"), name, cause);
}

static void
propagate_file_error (GError **error,
                      GFile   *file,
                      GError  *cause)
{
  set_file_error (error, file, cause->domain, cause->code, cause->message);
}

static void
writer_clear (Writer *writer)
{
  g_clear_object (&writer->stream);
  g_clear_object (&writer->tmp);
  g_clear_error (&writer->error);
}

/* Creates the temporary file, exclusively and readable by its owner only. */
static gboolean
writer_open (Writer        *writer,
             GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *basename = g_file_get_basename (file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  writer->file = file;
  writer->cancellable = cancellable;

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    {
      propagate_file_error (error, file, local_error);
      return FALSE;
    }

  if (parent == NULL || basename == NULL)
    {
      set_file_error (error, file, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                      _("Not a file name"));
      return FALSE;
    }

  if (g_file_query_file_type (parent, G_FILE_QUERY_INFO_NONE, cancellable) != G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *folder = file_display_name (parent);
      g_autofree char *cause = NULL;

      /* Translators: %s is a folder. */
      cause = g_strdup_printf (_("The folder “%s” does not exist"), folder);
      set_file_error (error, file, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, cause);
      return FALSE;
    }

  /* A hidden name in the same folder, so the rename stays on one file
   * system; retried on the rare clash with a leftover. */
  for (guint attempt = 0; attempt < 8 && stream == NULL; attempt++)
    {
      g_autofree char *tmp_name = g_strdup_printf (".%s.%08x.tmp", basename, g_random_int ());

      g_clear_error (&local_error);
      g_clear_object (&writer->tmp);
      writer->tmp = g_file_get_child (parent, tmp_name);
      stream = g_file_create (writer->tmp, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
      if (stream == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        break;
    }

  if (stream == NULL)
    {
      g_clear_object (&writer->tmp);
      propagate_file_error (error, file, local_error);
      return FALSE;
    }

  /* Cairo writes PDF and PNG in many small pieces. */
  writer->stream = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (stream), 64 * 1024);

  return TRUE;
}

static cairo_status_t
writer_write_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Writer *writer = closure;

  if (writer->error != NULL || writer->discard)
    return CAIRO_STATUS_WRITE_ERROR;

  if (!g_output_stream_write_all (writer->stream, data, length, NULL,
                                  writer->cancellable, &writer->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

/* Closes and removes the temporary file: the destination is untouched. */
static void
writer_abort (Writer *writer)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  if (writer->stream != NULL)
    {
      /* Closing with a cancelled cancellable skips flushing the buffer. */
      g_cancellable_cancel (cancelled);
      g_output_stream_close (writer->stream, cancelled, NULL);
    }
  if (writer->tmp != NULL)
    g_file_delete (writer->tmp, NULL, NULL);

  writer_clear (writer);
}

/* Ends the export: on success (@status is CAIRO_STATUS_SUCCESS and nothing
 * failed or was cancelled) the temporary file replaces the destination;
 * otherwise it is removed and @error names the destination and the cause. */
static gboolean
writer_finish (Writer          *writer,
               cairo_status_t   status,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (writer->error != NULL)
    {
      propagate_file_error (error, writer->file, writer->error);
      writer_abort (writer);
      return FALSE;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      set_file_error (error, writer->file, G_IO_ERROR, G_IO_ERROR_FAILED,
                      cairo_status_to_string (status));
      writer_abort (writer);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (writer->cancellable, &local_error) ||
      !g_output_stream_close (writer->stream, writer->cancellable, &local_error))
    {
      propagate_file_error (error, writer->file, local_error);
      writer_abort (writer);
      return FALSE;
    }

  if (!g_file_move (writer->tmp, writer->file,
                    G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    writer->cancellable, NULL, NULL, &local_error))
    {
      propagate_file_error (error, writer->file, local_error);
      g_file_delete (writer->tmp, NULL, NULL);
      writer_clear (writer);
      return FALSE;
    }

  writer_clear (writer);

  return TRUE;
}

/**
 * crrc_chart_export_write_bytes:
 * @file: the destination
 * @data: (array length=length): what to write
 * @length: how many bytes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error naming @file
 *
 * Returns: %TRUE once @file holds @data
 */
gboolean
crrc_chart_export_write_bytes (GFile         *file,
                               const guint8  *data,
                               gsize          length,
                               GCancellable  *cancellable,
                               GError       **error)
{
  Writer writer = { 0 };

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!writer_open (&writer, file, cancellable, error))
    return FALSE;

  g_output_stream_write_all (writer.stream, data, length, NULL, cancellable, &writer.error);

  return writer_finish (&writer, CAIRO_STATUS_SUCCESS, error);
}

/* The first error of @cr or of its target. */
static cairo_status_t
context_status (cairo_t *cr)
{
  cairo_status_t status = cairo_status (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (cairo_get_target (cr));

  return status;
}

static void
draw_chart (CrrcChartModel *model,
            cairo_t        *cr,
            double          width,
            double          height)
{
  CrrcChartTheme theme = { 0 };

  crrc_chart_theme_init_print (&theme, width, height);
  cairo_save (cr);
  crrc_chart_draw (model, cr, width, height, &theme, CRRC_CHART_DRAW_DECORATED, -1, -1, NULL);
  cairo_restore (cr);
  crrc_chart_theme_clear (&theme);
}

static gboolean
check_size (GFile   *file,
            double   width,
            double   height,
            GError **error)
{
  if (width >= 1 && height >= 1 && width <= MAX_PIXELS && height <= MAX_PIXELS)
    return TRUE;

  set_file_error (error, file, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                  _("The image size is out of range"));

  return FALSE;
}

/* Draws @model onto an opaque image of @width × @height at @scale, set in
 * @out_surface on success. */
static cairo_status_t
render_image (CrrcChartModel   *model,
              cairo_format_t    format,
              int               width,
              int               height,
              double            scale,
              cairo_surface_t **out_surface)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  *out_surface = NULL;

  surface = cairo_image_surface_create (format,
                                        (int) ceil (width * scale),
                                        (int) ceil (height * scale));
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return status;
    }

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  /* The print background is opaque white; paint it first all the same, an
   * RGB24 image would otherwise start black. */
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  draw_chart (model, cr, width, height);
  status = context_status (cr);
  cairo_destroy (cr);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return status;
    }

  cairo_surface_flush (surface);
  *out_surface = surface;

  return CAIRO_STATUS_SUCCESS;
}

/* PNG.
 *
 * cairo_surface_write_to_png_stream() takes about as long to encode a
 * blank 1920×1080 image as the whole 50 ms budget of an export: libpng's
 * default compression tries every filter on every row. Charts are large
 * flat areas, so the "Up" filter (each row against the one above, mostly
 * zeros) and the fastest deflate level give files about 1.5 times larger
 * in a third of the time. The image is opaque RGB, 8 bits per channel. */

#define PNG_IDAT_SIZE (64 * 1024)

typedef struct
{
  Writer     *writer;
  GConverter *zlib;
  guint8     *idat;        /* compressed data not written yet */
  gsize       idat_length;
} PngEncoder;

static guint32
png_crc (guint32       crc,
         const guint8 *data,
         gsize         length)
{
  static guint32 table[256];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (guint k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&initialised, 1);
    }

  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);

  return crc;
}

static void
store_be32 (guint8  *data,
            guint32  value)
{
  data[0] = value >> 24;
  data[1] = value >> 16;
  data[2] = value >> 8;
  data[3] = value;
}

static gboolean
writer_write (Writer       *writer,
              const guint8 *data,
              gsize         length)
{
  return length == 0 || writer_write_cb (writer, data, length) == CAIRO_STATUS_SUCCESS;
}

static gboolean
png_write_chunk (Writer       *writer,
                 const char   *type,
                 const guint8 *data,
                 gsize         length)
{
  guint8 header[8];
  guint8 crc[4];

  store_be32 (header, length);
  memcpy (header + 4, type, 4);
  store_be32 (crc, png_crc (png_crc (0xffffffff, header + 4, 4), data, length) ^ 0xffffffff);

  return writer_write (writer, header, sizeof header) &&
         writer_write (writer, data, length) &&
         writer_write (writer, crc, sizeof crc);
}

/* Compresses @data into IDAT chunks; with @end, finishes the stream. */
static gboolean
png_deflate (PngEncoder   *png,
             const guint8 *data,
             gsize         length,
             gboolean      end)
{
  GConverterFlags flags = end ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS;

  if (length == 0 && !end)
    return TRUE;

  for (;;)
    {
      GConverterResult result;
      gsize read = 0;
      gsize written = 0;

      result = g_converter_convert (png->zlib, data, length,
                                    png->idat + png->idat_length,
                                    PNG_IDAT_SIZE - png->idat_length,
                                    flags, &read, &written, &png->writer->error);
      if (result == G_CONVERTER_ERROR)
        return FALSE;

      data += read;
      length -= read;
      png->idat_length += written;

      if (png->idat_length == PNG_IDAT_SIZE ||
          (result == G_CONVERTER_FINISHED && png->idat_length > 0))
        {
          if (!png_write_chunk (png->writer, "IDAT", png->idat, png->idat_length))
            return FALSE;
          png->idat_length = 0;
        }

      if (result == G_CONVERTER_FINISHED || (!end && length == 0))
        return TRUE;
    }
}

/* Writes the RGB24 @surface as a PNG file. */
static cairo_status_t
png_encode (cairo_surface_t *surface,
            Writer          *writer)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *pixels = cairo_image_surface_get_data (surface);
  gsize row_length = 1 + (gsize) width * 3;
  g_autofree guint8 *previous = g_malloc0 (row_length);
  g_autofree guint8 *current = g_malloc0 (row_length);
  g_autofree guint8 *filtered = g_malloc (row_length);
  g_autofree guint8 *idat = g_malloc (PNG_IDAT_SIZE);
  g_autoptr(GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 1);
  PngEncoder png = { writer, G_CONVERTER (zlib), idat, 0 };
  guint8 header[13];

  g_assert (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24);

  store_be32 (header, width);
  store_be32 (header + 4, height);
  header[8] = 8;   /* bits per channel */
  header[9] = 2;   /* RGB */
  header[10] = 0;  /* deflate */
  header[11] = 0;  /* adaptive filters, one per row */
  header[12] = 0;  /* not interlaced */
  if (!writer_write (writer, signature, sizeof signature) ||
      !png_write_chunk (writer, "IHDR", header, sizeof header))
    return CAIRO_STATUS_WRITE_ERROR;

  for (int y = 0; y < height; y++)
    {
      const guint32 *source = (const guint32 *) (pixels + (gsize) y * stride);
      guint8 *swap;

      /* Cairo's RGB24 is a native-endian 32-bit xRGB word per pixel. */
      for (int x = 0; x < width; x++)
        {
          guint32 pixel = source[x];

          current[1 + 3 * x] = pixel >> 16;
          current[2 + 3 * x] = pixel >> 8;
          current[3 + 3 * x] = pixel;
        }

      filtered[0] = 2;  /* Up: the difference with the row above */
      for (gsize i = 1; i < row_length; i++)
        filtered[i] = current[i] - previous[i];

      if (!png_deflate (&png, filtered, row_length, FALSE))
        return CAIRO_STATUS_WRITE_ERROR;

      swap = previous;
      previous = current;
      current = swap;

      if (y % 64 == 63 && g_cancellable_set_error_if_cancelled (writer->cancellable, &writer->error))
        return CAIRO_STATUS_WRITE_ERROR;
    }

  if (!png_deflate (&png, NULL, 0, TRUE) ||
      !png_write_chunk (writer, "IEND", NULL, 0))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
export_png (CrrcChartModel *model,
            Writer         *writer,
            int             width,
            int             height,
            double          scale)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  /* Opaque, so RGB: a smaller file than RGBA. */
  status = render_image (model, CAIRO_FORMAT_RGB24, width, height, scale, &surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return status;

  status = png_encode (surface, writer);
  cairo_surface_destroy (surface);

  return status;
}

/* Destroys @surface of a failed export without writing any more. */
static void
discard_surface (Writer          *writer,
                 cairo_surface_t *surface)
{
  writer->discard = TRUE;
  cairo_surface_destroy (surface);
}

/* Finishes @surface, so that it writes everything, and destroys it. */
static cairo_status_t
finish_surface (cairo_surface_t *surface)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return status;
}

static cairo_status_t
svg_buffer_write_cb (void                *closure,
                     const unsigned char *data,
                     unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Cairo draws text as glyph outlines: the document gets the chart's title
 * and description (crrc_chart_model_describe(), the text a screen reader
 * reads) as its <title> and <desc>, right after the <svg> element opens. */
static cairo_status_t
write_svg_with_text (CrrcChartModel *model,
                     Writer         *writer,
                     GByteArray     *svg)
{
  g_autofree char *description = crrc_chart_model_describe (model);
  g_autofree char *title = g_markup_escape_text (crrc_chart_model_get_title (model), -1);
  g_autofree char *desc = g_markup_escape_text (description, -1);
  g_autofree char *text = g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", title, desc);
  const char *data = (const char *) svg->data;
  const char *root = g_strstr_len (data, svg->len, "<svg");
  const char *end = root != NULL ? memchr (root, '>', svg->len - (gsize) (root - data)) : NULL;
  gsize head = end != NULL ? (gsize) (end - data) + 1 : 0;
  cairo_status_t status;

  if (end == NULL)
    return writer_write_cb (writer, svg->data, svg->len);

  status = writer_write_cb (writer, svg->data, (unsigned int) head);
  if (status == CAIRO_STATUS_SUCCESS)
    status = writer_write_cb (writer, (const unsigned char *) text, (unsigned int) strlen (text));
  if (status == CAIRO_STATUS_SUCCESS)
    status = writer_write_cb (writer, svg->data + head, (unsigned int) (svg->len - head));
  return status;
}

static cairo_status_t
export_svg (CrrcChartModel *model,
            Writer         *writer,
            double          width,
            double          height)
{
  g_autoptr(GByteArray) svg = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_svg_surface_create_for_stream (svg_buffer_write_cb, svg, width, height);
  if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    {
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      cr = cairo_create (surface);
      draw_chart (model, cr, width, height);
      status = context_status (cr);
      cairo_destroy (cr);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          cairo_surface_destroy (surface);
          return status;
        }
    }

  status = finish_surface (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return status;

  return write_svg_with_text (model, writer, svg);
}

static cairo_surface_t *
create_pdf (Writer     *writer,
            double      width,
            double      height,
            const char *title,
            const char *subject)
{
  cairo_surface_t *surface;

  surface = cairo_pdf_surface_create_for_stream (writer_write_cb, writer, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, CREATOR);
  if (title != NULL && *title != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (subject != NULL && *subject != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);

  return surface;
}

/* One chart per page; checks for cancellation between pages. */
static cairo_status_t
export_pdf (GPtrArray  *models,
            Writer     *writer,
            double      width,
            double      height,
            const char *title)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = create_pdf (writer, width, height, title, NULL);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return finish_surface (surface);

  cr = cairo_create (surface);
  for (guint i = 0; i < models->len; i++)
    {
      draw_chart (g_ptr_array_index (models, i), cr, width, height);
      cairo_show_page (cr);
      status = context_status (cr);
      if (status != CAIRO_STATUS_SUCCESS || writer->error != NULL ||
          g_cancellable_is_cancelled (writer->cancellable))
        break;
    }
  status = context_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS || writer->error != NULL ||
      g_cancellable_is_cancelled (writer->cancellable))
    {
      /* writer_finish() reports the write error or the cancellation. */
      discard_surface (writer, surface);
      return status;
    }

  return finish_surface (surface);
}

gboolean
crrc_chart_format_from_string (const char      *text,
                               CrrcChartFormat *format)
{
  static const struct
  {
    const char      *name;
    CrrcChartFormat  format;
  } formats[] = {
    { "png", CRRC_CHART_FORMAT_PNG },
    { "svg", CRRC_CHART_FORMAT_SVG },
    { "pdf", CRRC_CHART_FORMAT_PDF },
  };

  g_return_val_if_fail (format != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (text, formats[i].name) == 0)
        {
          *format = formats[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
crrc_chart_format_to_extension (CrrcChartFormat format)
{
  switch (format)
    {
    case CRRC_CHART_FORMAT_PNG:
      return "png";
    case CRRC_CHART_FORMAT_SVG:
      return "svg";
    case CRRC_CHART_FORMAT_PDF:
      return "pdf";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * crrc_chart_export_file:
 * @model: the chart
 * @format: the file format
 * @file: the destination, replaced atomically
 * @width: the width, in pixels for PNG and in points otherwise
 * @height: the height, likewise
 * @scale: pixels per PNG pixel (2 for a HiDPI copy); ignored for SVG and PDF
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error naming @file
 *
 * Writes @model, decorated with its title, subtitle and source, in the
 * print theme, to @file with mode 0600. On failure the previous @file, if
 * any, is left as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_chart_export_file (CrrcChartModel   *model,
                        CrrcChartFormat   format,
                        GFile            *file,
                        int               width,
                        int               height,
                        double            scale,
                        GCancellable     *cancellable,
                        GError          **error)
{
  Writer writer = { 0 };
  cairo_status_t status;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (model), FALSE);
  g_return_val_if_fail (format <= CRRC_CHART_FORMAT_PDF, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format != CRRC_CHART_FORMAT_PNG || !(scale > 0))
    scale = 1.0;
  if (!check_size (file, width * scale, height * scale, error))
    return FALSE;

  if (!writer_open (&writer, file, cancellable, error))
    return FALSE;

  switch (format)
    {
    case CRRC_CHART_FORMAT_PNG:
      status = export_png (model, &writer, width, height, scale);
      break;

    case CRRC_CHART_FORMAT_SVG:
      status = export_svg (model, &writer, width, height);
      break;

    case CRRC_CHART_FORMAT_PDF:
    default:
      {
        g_autoptr(GPtrArray) models = g_ptr_array_new ();

        g_ptr_array_add (models, model);
        status = export_pdf (models, &writer, width, height,
                             crrc_chart_model_get_title (model));
      }
      break;
    }

  return writer_finish (&writer, status, error);
}

/**
 * crrc_chart_export_pdf_pages:
 * @models: (element-type CrrcChartModel): the charts, at least one
 * @file: the destination, replaced atomically
 * @width: the page width in points
 * @height: the page height in points
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error naming @file
 *
 * Writes one decorated chart per page of a PDF file, with mode 0600.
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_chart_export_pdf_pages (GPtrArray     *models,
                             GFile         *file,
                             double         width,
                             double         height,
                             GCancellable  *cancellable,
                             GError       **error)
{
  Writer writer = { 0 };
  cairo_status_t status;
  const char *title = NULL;

  g_return_val_if_fail (models != NULL && models->len > 0, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < models->len; i++)
    g_return_val_if_fail (CRRC_IS_CHART_MODEL (g_ptr_array_index (models, i)), FALSE);

  if (!check_size (file, width, height, error))
    return FALSE;

  if (models->len == 1)
    title = crrc_chart_model_get_title (g_ptr_array_index (models, 0));

  if (!writer_open (&writer, file, cancellable, error))
    return FALSE;

  status = export_pdf (models, &writer, width, height, title);

  return writer_finish (&writer, status, error);
}

/* Slides. */

static PangoLayout *
slide_layout (cairo_t              *cr,
              const CrrcChartTheme *theme,
              const char           *text,
              double                px,
              gboolean              bold,
              double                width,
              int                   max_lines)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  PangoLayout *layout = pango_cairo_create_layout (cr);
  /* Plain text: titles and scopes come from data; without bidirectional
   * controls (crrc-display-text.h). */
  g_autofree char *shown = crrc_display_text (text);

  pango_font_description_set_family (font, theme->font_family);
  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, shown, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -max_lines);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);

  return height;
}

static void
show_layout (cairo_t       *cr,
             PangoLayout   *layout,
             const GdkRGBA *color,
             double         x,
             double         y)
{
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The "Demonstration data" pill, its top-left at (@x, @y). */
static void
draw_demo_mark (cairo_t              *cr,
                const CrrcChartTheme *theme,
                double                px,
                double                x,
                double                y)
{
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA fill = theme->warning;
  int width, height;
  double pad_x = px * 0.8;
  double pad_y = px * 0.35;

  layout = slide_layout (cr, theme, _("Demonstration data"), px, TRUE, -1, 1);
  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &width, &height);

  fill.alpha = 0.14;
  rounded_rectangle (cr, x, y, width + 2 * pad_x, height + 2 * pad_y, (height + 2 * pad_y) / 2);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &theme->warning);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  show_layout (cr, layout, &theme->warning, x + pad_x, y + pad_y);
}

static void
draw_cover (cairo_t               *cr,
            const CrrcSlidesCover *cover,
            const CrrcChartTheme  *theme)
{
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) scope = NULL;
  g_autoptr(PangoLayout) freshness = NULL;
  double margin = SLIDE_WIDTH / 12.0;
  double text_width = SLIDE_WIDTH - 2 * margin;
  double rule_height = 6.0;
  double gap = theme->text_size;
  double demo_px = theme->text_size * 1.05;
  double total, y;

  gdk_cairo_set_source_rgba (cr, &theme->background);
  cairo_paint (cr);

  title = slide_layout (cr, theme, cover->title != NULL ? cover->title : "",
                        theme->text_size * 2.8, TRUE, text_width, 3);
  if (cover->scope != NULL && *cover->scope != '\0')
    scope = slide_layout (cr, theme, cover->scope, theme->text_size * 1.5, FALSE, text_width, 2);
  if (cover->freshness != NULL && *cover->freshness != '\0')
    freshness = slide_layout (cr, theme, cover->freshness, theme->text_size, FALSE, text_width, 2);

  /* The block (rule, title, scope, freshness, demo mark) is centred a
   * little above the middle of the slide. */
  total = rule_height + 1.5 * gap + layout_height (title);
  if (scope != NULL)
    total += gap + layout_height (scope);
  if (freshness != NULL)
    total += 0.6 * gap + layout_height (freshness);
  if (cover->demo)
    total += 1.5 * gap + demo_px * 2;
  y = MAX (margin / 2, (SLIDE_HEIGHT - total) * 0.45);

  gdk_cairo_set_source_rgba (cr, &theme->accent);
  cairo_rectangle (cr, margin, y, 4 * gap, rule_height);
  cairo_fill (cr);
  y += rule_height + 1.5 * gap;

  show_layout (cr, title, &theme->foreground, margin, y);
  y += layout_height (title);

  if (scope != NULL)
    {
      y += gap;
      show_layout (cr, scope, &theme->foreground, margin, y);
      y += layout_height (scope);
    }

  if (freshness != NULL)
    {
      y += 0.6 * gap;
      show_layout (cr, freshness, &theme->dim, margin, y);
      y += layout_height (freshness);
    }

  if (cover->demo)
    draw_demo_mark (cr, theme, demo_px, margin, y + 1.5 * gap);
}

/* The slide number at the bottom right, and on a demonstration deck a
 * reminder of it at the bottom left, in the band below the chart. */
static void
draw_slide_footer (cairo_t               *cr,
                   const CrrcSlidesCover *cover,
                   const CrrcChartTheme  *theme,
                   guint                  number)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = g_strdup_printf ("%u", number);
  double px = theme->text_size * 0.75;
  /* The chart's own margin, so that the number lines up with its edge. */
  double margin = round (theme->text_size * 1.2);
  double y;
  int width, height;

  layout = slide_layout (cr, theme, text, px, FALSE, -1, 1);
  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  y = SLIDE_HEIGHT - 0.8 * margin - height;
  show_layout (cr, layout, &theme->dim, SLIDE_WIDTH - margin - width, y);

  if (cover->demo)
    {
      g_autoptr(PangoLayout) demo = slide_layout (cr, theme, _("Demonstration data"),
                                                  px, FALSE, SLIDE_WIDTH / 2, 1);

      show_layout (cr, demo, &theme->warning, margin, y);
    }
}

/**
 * crrc_chart_export_slides:
 * @models: (element-type CrrcChartModel): the charts
 * @cover: the title slide
 * @file: the destination, replaced atomically
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error naming @file
 *
 * Writes a 16:9 PDF deck with mode 0600: the cover, then one slide per
 * chart, decorated with its title, subtitle (the filters) and source line,
 * and a discreet slide number.
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_chart_export_slides (GPtrArray             *models,
                          const CrrcSlidesCover *cover,
                          GFile                 *file,
                          GCancellable          *cancellable,
                          GError               **error)
{
  Writer writer = { 0 };
  CrrcChartTheme theme = { 0 };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double footer;

  g_return_val_if_fail (models != NULL, FALSE);
  g_return_val_if_fail (cover != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < models->len; i++)
    g_return_val_if_fail (CRRC_IS_CHART_MODEL (g_ptr_array_index (models, i)), FALSE);

  if (!writer_open (&writer, file, cancellable, error))
    return FALSE;

  crrc_chart_theme_init_print (&theme, SLIDE_WIDTH, SLIDE_HEIGHT);
  /* The band at the bottom of chart slides with the slide number. */
  footer = round (theme.text_size * 1.3);

  surface = create_pdf (&writer, SLIDE_WIDTH, SLIDE_HEIGHT, cover->title, cover->scope);
  cr = cairo_create (surface);

  draw_cover (cr, cover, &theme);
  cairo_show_page (cr);

  for (guint i = 0; i < models->len && context_status (cr) == CAIRO_STATUS_SUCCESS; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (models, i);
      CrrcChartTheme chart_theme = { 0 };

      if (writer.error != NULL || g_cancellable_is_cancelled (cancellable))
        break;

      gdk_cairo_set_source_rgba (cr, &theme.background);
      cairo_paint (cr);

      crrc_chart_theme_init_print (&chart_theme, SLIDE_WIDTH, SLIDE_HEIGHT);
      cairo_save (cr);
      crrc_chart_draw (model, cr, SLIDE_WIDTH, SLIDE_HEIGHT - footer, &chart_theme,
                       CRRC_CHART_DRAW_DECORATED, -1, -1, NULL);
      cairo_restore (cr);
      crrc_chart_theme_clear (&chart_theme);

      draw_slide_footer (cr, cover, &theme, i + 2);
      cairo_show_page (cr);
    }

  status = context_status (cr);
  cairo_destroy (cr);
  crrc_chart_theme_clear (&theme);

  if (status != CAIRO_STATUS_SUCCESS || writer.error != NULL ||
      g_cancellable_is_cancelled (cancellable))
    discard_surface (&writer, surface);
  else
    status = finish_surface (surface);

  return writer_finish (&writer, status, error);
}

/**
 * crrc_chart_export_texture:
 * @model: the chart
 * @width: the width in logical pixels
 * @height: the height in logical pixels
 * @scale: device pixels per logical pixel
 *
 * Draws @model decorated, in the print theme, for the clipboard.
 *
 * Returns: (transfer full) (nullable): a texture of @width × @scale by
 *   @height × @scale pixels, or %NULL when it cannot be drawn at that size
 */
GdkTexture *
crrc_chart_export_texture (CrrcChartModel *model,
                           int             width,
                           int             height,
                           double          scale)
{
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  GdkTexture *texture;
  int stride, pixel_width, pixel_height;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (model), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  if (!(scale > 0))
    scale = 1.0;
  if (width * scale > MAX_PIXELS || height * scale > MAX_PIXELS)
    return NULL;

  /* Cairo's ARGB32 is premultiplied and in native byte order, which is
   * GDK_MEMORY_DEFAULT. */
  if (render_image (model, CAIRO_FORMAT_ARGB32, width, height, scale, &surface) != CAIRO_STATUS_SUCCESS)
    return NULL;

  pixel_width = cairo_image_surface_get_width (surface);
  pixel_height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * pixel_height);
  cairo_surface_destroy (surface);

  texture = gdk_memory_texture_new (pixel_width, pixel_height, GDK_MEMORY_DEFAULT, bytes, stride);

  return texture;
}
