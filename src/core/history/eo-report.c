/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-report"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-device.h"
#include "eo-report.h"
#include "eo-server-address.h"

void
eo_html_append_text (GString    *out,
                     const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&apos;");
          break;
        default:
          if (g_unichar_iscntrl (c) || (g_unichar_type (c) == G_UNICODE_FORMAT && c != 0x200d))
            g_string_append_unichar (out, 0xFFFD);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z") : g_strdup ("?");
}

static void
append_fact (GString    *out,
             const char *label,
             const char *value,
             gboolean    code)
{
  g_string_append (out, "<tr><th>");
  eo_html_append_text (out, label);
  g_string_append (out, code ? "</th><td><code>" : "</th><td>");
  eo_html_append_text (out, value != NULL && *value != '\0' ? value : "—");
  g_string_append (out, code ? "</code></td></tr>\n" : "</td></tr>\n");
}

static void
append_cell (GString    *out,
             const char *value,
             gboolean    code)
{
  g_string_append (out, code ? "<td><code>" : "<td>");
  eo_html_append_text (out, value != NULL ? value : "");
  g_string_append (out, code ? "</code></td>" : "</td>");
}

/* "Failed devices (3)" and the head of its table. */
static void
begin_devices_table (GString    *out,
                     const char *heading,
                     guint       count,
                     const char *iccid_title,
                     gboolean    with_reason)
{
  /* Translators: a section of the report: "Failed devices (3)" */
  g_autofree char *title = g_strdup_printf (_("%s (%u)"), heading, count);

  g_string_append (out, "<h2>");
  eo_html_append_text (out, title);
  g_string_append (out, "</h2>\n<table class=\"devices\">\n<tr><th>");
  eo_html_append_text (out, _("EID"));
  g_string_append (out, "</th><th>");
  eo_html_append_text (out, _("Name"));
  g_string_append (out, "</th><th>");
  eo_html_append_text (out, iccid_title);
  if (with_reason)
    {
      g_string_append (out, "</th><th>");
      eo_html_append_text (out, _("Reason"));
    }
  g_string_append (out, "</th></tr>\n");
}

/* One table of the devices with @status; nothing when there are none. */
static void
append_devices (GString        *out,
                EoUploadRecord *record,
                EoDeviceStatus  status,
                guint           count,
                const char     *heading)
{
  GListModel *devices = eo_upload_record_get_devices (record);
  guint n = g_list_model_get_n_items (devices);

  if (count == 0)
    return;
  begin_devices_table (out, heading, count,
                       status == EO_DEVICE_STATUS_SUCCESS ? _("ICCID Assigned") : _("ICCID Requested"),
                       status == EO_DEVICE_STATUS_FAILED);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      EoDeviceStatus shown = eo_device_get_status (device);

      /* Devices never uploaded count as pending, as in the counts. */
      if (shown == EO_DEVICE_STATUS_NONE)
        shown = EO_DEVICE_STATUS_PENDING;
      if (shown != status)
        continue;
      g_string_append (out, "<tr>");
      append_cell (out, eo_device_get_eid (device), TRUE);
      append_cell (out, eo_device_get_name (device), FALSE);
      if (status == EO_DEVICE_STATUS_SUCCESS)
        append_cell (out, eo_device_get_effective_iccid (device), TRUE);
      else if (eo_device_get_iccid (device) != NULL)
        append_cell (out, eo_device_get_iccid (device), TRUE);
      else
        append_cell (out, _("assigned automatically"), FALSE);
      if (status == EO_DEVICE_STATUS_FAILED)
        append_cell (out, eo_device_get_reason (device), FALSE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

/* The rows of the list not sent (errors, assigned already), with why. */
static void
append_left_out (GString        *out,
                 EoUploadRecord *record)
{
  guint n = eo_upload_record_get_n_left_out (record);

  if (n == 0)
    return;
  begin_devices_table (out, _("Devices left out, not sent"), n, _("ICCID Requested"), TRUE);
  for (guint i = 0; i < n; i++)
    {
      const char *eid, *name, *iccid;
      const char *reason = eo_upload_record_get_left_out (record, i, &eid, &name, &iccid);

      g_string_append (out, "<tr>");
      append_cell (out, eid, TRUE);
      append_cell (out, name, FALSE);
      if (iccid != NULL)
        append_cell (out, iccid, TRUE);
      else
        append_cell (out, _("assigned automatically"), FALSE);
      append_cell (out, reason, FALSE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

char *
eo_report_html (EoUploadRecord *record)
{
  GString *out;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *made = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *footer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint n_ok = 0, n_failed = 0, n_pending = 0, n;
  gboolean smdp_usable = TRUE;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  n = eo_upload_record_get_n_devices (record);
  eo_upload_record_get_counts (record, &n_ok, &n_failed, &n_pending);
  created = format_time (eo_upload_record_get_created (record));
  updated = format_time (eo_upload_record_get_updated (record));
  made = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %Z");
  /* Translators: the counts of an upload in the report */
  counts = g_strdup_printf (_("%u devices: %u assigned, %u failed, %u pending"), n, n_ok, n_failed, n_pending);

  out = g_string_sized_new (4096 + (gsize) (n + eo_upload_record_get_n_left_out (record)) * 160);
  g_string_append (out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>");
  eo_html_append_text (out, _("eSIM Upload Report"));
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: sans-serif; margin: 2em; }\n"
                        "table { border-collapse: collapse; margin: 0.5em 0 1.5em; }\n"
                        "th, td { border: 1px solid #888; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }\n"
                        "table.facts th { background: #eee; }\n"
                        "code { overflow-wrap: anywhere; }\n"
                        /* An EID or ICCID cut in two is misread: the reason wraps instead. */
                        "table.devices code { white-space: nowrap; overflow-wrap: normal; }\n"
                        "@media print { tr { page-break-inside: avoid; } }\n"
                        "</style>\n</head>\n<body>\n<h1>");
  eo_html_append_text (out, _("eSIM Upload Report"));
  g_string_append (out, "</h1>\n<table class=\"facts\">\n");
  append_fact (out, _("Device list"), eo_upload_record_get_source_name (record), FALSE);
  if (eo_upload_record_get_list_edited (record))
    append_fact (out, _("Edits"), _("List edited before sending"), FALSE);
  append_fact (out, _("Server"), eo_upload_record_get_server (record), TRUE);
  append_fact (out, _("Customer"), eo_upload_record_get_customer_id (record), FALSE);
  append_fact (out, _("Sent"), created, FALSE);
  append_fact (out, _("Last change"), updated, FALSE);
  append_fact (out, _("State"), eo_upload_state_to_label (eo_upload_record_get_state (record)), FALSE);
  append_fact (out, _("Devices"), counts, FALSE);
  append_fact (out, _("Request ID"), eo_upload_record_get_request_id (record), TRUE);
  append_fact (out, _("Local ID"), eo_upload_record_get_local_id (record), TRUE);
  append_fact (out, _("SM-DP+ address"), eo_upload_record_get_server_url (record), TRUE);
  if (eo_upload_record_get_server_url (record) != NULL)
    {
      g_autoptr(GError) smdp_error = NULL;
      g_autofree char *host = eo_smdp_address_check (eo_upload_record_get_server_url (record), &smdp_error);

      /* Not to be pushed to phones: said why (issue 10). */
      smdp_usable = host != NULL;
      if (!smdp_usable)
        append_fact (out, _("SM-DP+ address problem"), smdp_error->message, FALSE);
    }
  if (eo_upload_record_get_error_message (record) != NULL)
    append_fact (out, _("Message"), eo_upload_record_get_error_message (record), FALSE);
  g_string_append (out, "</table>\n");

  if (n_ok > 0 && eo_upload_record_get_server_url (record) != NULL && smdp_usable)
    {
      g_string_append (out, "<p>");
      eo_html_append_text (out, _("Next step: push the SM-DP+ address to the assigned phones from the device "
                                  "management system (for example Refresh Cellular Plans in Jamf Pro)."));
      g_string_append (out, "</p>\n");
    }

  append_devices (out, record, EO_DEVICE_STATUS_FAILED, n_failed, _("Failed devices"));
  append_left_out (out, record);
  append_devices (out, record, EO_DEVICE_STATUS_PENDING, n_pending, _("Pending devices"));
  append_devices (out, record, EO_DEVICE_STATUS_SUCCESS, n_ok, _("Assigned devices"));

  /* Translators: the report's last line: the program's version and the time */
  footer = g_strdup_printf (_("Made by eSIM Onboard %s on %s."), PACKAGE_VERSION, made);
  g_string_append (out, "<p class=\"footer\">");
  eo_html_append_text (out, footer);
  g_string_append (out, "</p>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}
