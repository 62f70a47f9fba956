/* crrc-establishment-list.c: the registry's list as a GListModel paged
 * from SQLite
 *
 * The list holds no more than the count and a few pages of 100 rows (an
 * LRU cache): GtkColumnView asks for the rows on screen only. Every query
 * runs on one worker thread with a read-only connection of its own:
 * after a change of filter or sort, the count and the first page come
 * back together and the list changes once. A row of a page not held yet
 * is returned as an empty placeholder while its page is fetched on the
 * worker, and the page replaces the placeholders with one items-changed:
 * the main thread never runs SQL. (A new query's rows replace the old ones
 * in two items-changed: see job_done_cb().) Results of an older query (a keystroke
 * since) are dropped by their generation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-establishment-list"

#include "config.h"

#include "crrc-establishment-list.h"

#define MAX_PAGES 6

/* CrrcEstablishmentRow */

struct _CrrcEstablishmentRow
{
  GObject                parent_instance;
  CrrcEstablishmentsRow *data;  /* NULL while loading */
};

G_DEFINE_FINAL_TYPE (CrrcEstablishmentRow, crrc_establishment_row, G_TYPE_OBJECT)

static void
crrc_establishment_row_finalize (GObject *object)
{
  CrrcEstablishmentRow *self = CRRC_ESTABLISHMENT_ROW (object);

  g_clear_pointer (&self->data, crrc_establishments_row_free);

  G_OBJECT_CLASS (crrc_establishment_row_parent_class)->finalize (object);
}

static void
crrc_establishment_row_class_init (CrrcEstablishmentRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crrc_establishment_row_finalize;
}

static void
crrc_establishment_row_init (CrrcEstablishmentRow *self)
{
}

static CrrcEstablishmentRow *
row_new (CrrcEstablishmentsRow *data)
{
  CrrcEstablishmentRow *self = g_object_new (CRRC_TYPE_ESTABLISHMENT_ROW, NULL);

  self->data = data;

  return self;
}

gboolean
crrc_establishment_row_get_loading (CrrcEstablishmentRow *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_ROW (self), FALSE);

  return self->data == NULL;
}

const CrrcEstablishmentsRow *
crrc_establishment_row_get_data (CrrcEstablishmentRow *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_ROW (self), NULL);

  return self->data;
}

const char *
crrc_establishment_row_get_finess (CrrcEstablishmentRow *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_ROW (self), NULL);

  return self->data != NULL ? self->data->finess : NULL;
}

const char *
crrc_establishment_row_get_name (CrrcEstablishmentRow *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_ROW (self), NULL);

  return self->data != NULL ? self->data->name : NULL;
}

/* The worker: its connection, used on the pool's one thread only. */

typedef struct
{
  CrrcStore *store;
  CrrcStore *reader;
  gboolean   maturity_stale;
  int        generation;  /* the list's latest, atomic */
} Worker;

static void
worker_clear (Worker *worker)
{
  g_clear_object (&worker->reader);
  g_clear_object (&worker->store);
}

typedef struct
{
  Worker                   *worker;     /* a reference */
  GWeakRef                  list;
  guint                     generation;
  CrrcEstablishmentsFilter *filter;
  CrrcEstablishmentsSort    sort;
  gboolean                  descending;
  gboolean                  reload;
  int                       page;       /* -1: count and first page */
  /* Results */
  gint64                    count;
  GPtrArray                *rows;
  GError                   *error;
} Job;

static void
job_free (Job *job)
{
  g_atomic_rc_box_release_full (job->worker, (GDestroyNotify) worker_clear);
  g_weak_ref_clear (&job->list);
  crrc_establishments_filter_free (job->filter);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

/* CrrcEstablishmentList */

typedef struct
{
  guint      index;
  guint64    used;
  GPtrArray *items;   /* of CrrcEstablishmentRow */
} Page;

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

struct _CrrcEstablishmentList
{
  GObject                   parent_instance;

  GThreadPool              *pool;
  Worker                   *worker;
  CrrcEstablishmentsFilter *filter;
  CrrcEstablishmentsSort    sort;
  gboolean                  descending;

  guint                     generation;
  guint                     n_pending;
  gint64                    count;
  guint                     n_items;
  GHashTable               *pages;     /* index → Page */
  GHashTable               *requested; /* page indexes on their way */
  guint64                   clock;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrrcEstablishmentList, crrc_establishment_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_COUNT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean job_done_cb (gpointer data);

static void
job_run (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  Worker *worker = job->worker;

  /* A newer query asked since: nothing to do (the list is told, to count
   * what is pending). The list is never referenced here: its last
   * reference must be dropped on the main thread. */
  if ((guint) g_atomic_int_get (&worker->generation) != job->generation)
    {
      g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, job_done_cb, job, NULL);
      return;
    }

  if (worker->reader == NULL && worker->store != NULL)
    worker->reader = crrc_store_open_reader (worker->store, &job->error);

  if (worker->reader != NULL)
    {
      if (job->reload || worker->maturity_stale)
        {
          worker->maturity_stale = !crrc_establishments_refresh_maturity (worker->reader, &job->error);
        }
      if (job->error == NULL && job->page < 0)
        {
          if (crrc_establishments_count (worker->reader, job->filter, &job->count, &job->error))
            job->rows = crrc_establishments_fetch (worker->reader, job->filter, job->sort, job->descending,
                                                   0, CRRC_ESTABLISHMENT_LIST_PAGE_SIZE, &job->error);
        }
      else if (job->error == NULL)
        {
          job->rows = crrc_establishments_fetch (worker->reader, job->filter, job->sort, job->descending,
                                                 (guint) job->page * CRRC_ESTABLISHMENT_LIST_PAGE_SIZE,
                                                 CRRC_ESTABLISHMENT_LIST_PAGE_SIZE, &job->error);
        }
    }

  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, job_done_cb, job, NULL);
}

static Job *
job_new (CrrcEstablishmentList *self,
         int                    page)
{
  Job *job = g_new0 (Job, 1);

  job->worker = g_atomic_rc_box_acquire (self->worker);
  g_weak_ref_init (&job->list, self);
  job->generation = self->generation;
  job->filter = crrc_establishments_filter_copy (self->filter);
  job->sort = self->sort;
  job->descending = self->descending;
  job->page = page;

  return job;
}

static void
push (CrrcEstablishmentList *self,
      Job                   *job)
{
  gboolean was_loading = self->n_pending > 0;

  self->n_pending++;
  g_thread_pool_push (self->pool, job, NULL);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static Page *
page_from_rows (guint      index,
                GPtrArray *rows)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (page->items, row_new (g_steal_pointer (&rows->pdata[i])));

  return page;
}

static void
cache_page (CrrcEstablishmentList *self,
            Page                  *page)
{
  page->used = ++self->clock;
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (page->index), page);

  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      Page *oldest = NULL;
      Page *p;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &p))
        if (oldest == NULL || p->used < oldest->used)
          oldest = p;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest->index));
    }
}

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(CrrcEstablishmentList) self = g_weak_ref_get (&job->list);

  if (self == NULL)
    goto out;

  self->n_pending--;
  if (self->n_pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (job->generation != self->generation)
    goto out;

  if (job->error != NULL)
    {
      g_warning ("The establishments could not be read: %s", job->error->message);
      goto out;
    }

  if (job->page < 0)
    {
      guint removed = self->n_items;

      g_hash_table_remove_all (self->pages);
      g_hash_table_remove_all (self->requested);
      self->count = job->count;
      /* Two changes, not one: when one change both removes and adds
       * rows, GTK 4.8's list views look for each added row among the
       * removed ones (to reuse their widgets), asking for every row of
       * the list, which would fetch every page. A new list is shown from
       * its top anyway. */
      self->n_items = 0;
      if (removed > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      self->n_items = (guint) MIN (job->count, G_MAXUINT);
      if (job->rows != NULL && job->rows->len > 0)
        cache_page (self, page_from_rows (0, job->rows));
      if (self->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
  else if (job->rows != NULL)
    {
      guint first = (guint) job->page * CRRC_ESTABLISHMENT_LIST_PAGE_SIZE;
      guint n;

      g_hash_table_remove (self->requested, GINT_TO_POINTER (job->page));
      if (first >= self->n_items)
        goto out;
      n = MIN (job->rows->len, self->n_items - first);
      cache_page (self, page_from_rows ((guint) job->page, job->rows));
      g_list_model_items_changed (G_LIST_MODEL (self), first, n, n);
    }

out:
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
query (CrrcEstablishmentList *self,
       gboolean               reload)
{
  Job *job;

  self->generation++;
  g_atomic_int_set (&self->worker->generation, (int) self->generation);
  if (self->worker->store == NULL)
    {
      guint removed = self->n_items;

      g_hash_table_remove_all (self->pages);
      self->n_items = 0;
      self->count = 0;
      if (removed > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
      return;
    }

  job = job_new (self, -1);
  job->reload = reload;
  push (self, job);
}

static GType
list_get_item_type (GListModel *model)
{
  return CRRC_TYPE_ESTABLISHMENT_ROW;
}

static guint
list_get_n_items (GListModel *model)
{
  return CRRC_ESTABLISHMENT_LIST (model)->n_items;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  CrrcEstablishmentList *self = CRRC_ESTABLISHMENT_LIST (model);
  guint index = position / CRRC_ESTABLISHMENT_LIST_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      guint offset = position % CRRC_ESTABLISHMENT_LIST_PAGE_SIZE;

      page->used = ++self->clock;
      if (offset < page->items->len)
        return g_object_ref (page->items->pdata[offset]);
    }
  else if (g_hash_table_add (self->requested, GUINT_TO_POINTER (index)))
    {
      push (self, job_new (self, (int) index));
    }

  return row_new (NULL);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
crrc_establishment_list_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CrrcEstablishmentList *self = CRRC_ESTABLISHMENT_LIST (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_int64 (value, self->count);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_establishment_list_finalize (GObject *object)
{
  CrrcEstablishmentList *self = CRRC_ESTABLISHMENT_LIST (object);

  /* Jobs still queued see the list gone and return at once. */
  g_thread_pool_free (self->pool, FALSE, FALSE);
  g_atomic_rc_box_release_full (self->worker, (GDestroyNotify) worker_clear);
  crrc_establishments_filter_free (self->filter);
  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->requested);

  G_OBJECT_CLASS (crrc_establishment_list_parent_class)->finalize (object);
}

static void
crrc_establishment_list_class_init (CrrcEstablishmentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crrc_establishment_list_finalize;
  object_class->get_property = crrc_establishment_list_get_property;

  properties[PROP_COUNT] =
    g_param_spec_int64 ("count", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crrc_establishment_list_init (CrrcEstablishmentList *self)
{
  self->pool = g_thread_pool_new (job_run, NULL, 1, FALSE, NULL);
  self->worker = g_atomic_rc_box_new0 (Worker);
  self->filter = crrc_establishments_filter_new ();
  self->count = -1;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->requested = g_hash_table_new (NULL, NULL);
}

CrrcEstablishmentList *
crrc_establishment_list_new (void)
{
  return g_object_new (CRRC_TYPE_ESTABLISHMENT_LIST, NULL);
}

void
crrc_establishment_list_set_store (CrrcEstablishmentList *self,
                                   CrrcStore             *store)
{
  g_return_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self));
  g_return_if_fail (store == NULL || CRRC_IS_STORE (store));

  if (store == self->worker->store)
    return;

  /* A new worker: jobs of the old one keep it until they end. */
  g_atomic_rc_box_release_full (self->worker, (GDestroyNotify) worker_clear);
  self->worker = g_atomic_rc_box_new0 (Worker);
  self->worker->store = store != NULL ? g_object_ref (store) : NULL;
  query (self, TRUE);
}

void
crrc_establishment_list_set_filter (CrrcEstablishmentList          *self,
                                    const CrrcEstablishmentsFilter *filter)
{
  g_return_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self));

  if (crrc_establishments_filter_equal (self->filter, filter))
    return;

  crrc_establishments_filter_free (self->filter);
  self->filter = crrc_establishments_filter_copy (filter);
  query (self, FALSE);
}

const CrrcEstablishmentsFilter *
crrc_establishment_list_get_filter (CrrcEstablishmentList *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self), NULL);

  return self->filter;
}

void
crrc_establishment_list_set_sort (CrrcEstablishmentList  *self,
                                  CrrcEstablishmentsSort  sort,
                                  gboolean                descending)
{
  g_return_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self));

  if (sort == self->sort && !descending == !self->descending)
    return;

  self->sort = sort;
  self->descending = !!descending;
  query (self, FALSE);
}

CrrcEstablishmentsSort
crrc_establishment_list_get_sort (CrrcEstablishmentList *self,
                                  gboolean              *descending)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self), CRRC_ESTABLISHMENTS_SORT_NAME);

  if (descending != NULL)
    *descending = self->descending;

  return self->sort;
}

void
crrc_establishment_list_reload (CrrcEstablishmentList *self)
{
  g_return_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self));

  query (self, TRUE);
}

gint64
crrc_establishment_list_get_count (CrrcEstablishmentList *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self), -1);

  return self->count;
}

gboolean
crrc_establishment_list_get_loading (CrrcEstablishmentList *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self), FALSE);

  return self->n_pending > 0;
}

guint
crrc_establishment_list_get_n_cached_pages (CrrcEstablishmentList *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self), 0);

  return g_hash_table_size (self->pages);
}

void
crrc_establishment_list_wait (CrrcEstablishmentList *self)
{
  g_return_if_fail (CRRC_IS_ESTABLISHMENT_LIST (self));

  while (self->n_pending > 0)
    g_main_context_iteration (NULL, TRUE);
}
