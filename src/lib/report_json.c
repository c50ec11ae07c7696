/* report_json.c - JSON results in the shape of doc/design.md, built with jansson
 * (no hand-written escaping).  Fields may be added, never renamed. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <jansson.h>
#include "report.h"
#include "json_util.h"

/* Finite numbers as reals (17 significant digits: exact for every value
 * of the four formats), non-finite ones as "inf", "-inf", "nan". */
json_t *gc_json_num(long double v)
{
    if (isnan(v))
        return json_string("nan");
    if (isinf(v))
        return json_string(v < 0 ? "-inf" : "inf");
    return json_real((double)v);
}

static json_t *hex(long double v)
{
    char buf[64];
    return json_string(gc_fmt_hex(v, buf, sizeof buf));
}

int gc_json_set(json_t *obj, const char *key, json_t *val)
{
    return val ? json_object_set_new(obj, key, val) : -1;
}

static json_t *fe_list(int fe)
{
    char buf[64];
    return json_string(gc_fe_names(fe, buf, sizeof buf));
}

static json_t *flag_json(const struct gc_flag *f)
{
    json_t *o = json_object();
    int bad = 0;
    if (!o)
        return NULL;
    bad |= gc_json_set(o, "x", gc_json_num(f->x));
    bad |= gc_json_set(o, "x_hex", hex(f->x));
    bad |= gc_json_set(o, "class", json_string(gc_class_name(f->cls)));
    bad |= gc_json_set(o, "function", json_string(f->function == GC_FN_F ? "f" : "df"));
    bad |= gc_json_set(o, "declared", gc_json_num(f->declared));
    bad |= gc_json_set(o, "reference", gc_json_num(f->reference));
    bad |= gc_json_set(o, "reference_error", gc_json_num(f->ref_err));
    bad |= gc_json_set(o, "ulp_error", gc_json_num(f->ulp_error));
    bad |= gc_json_set(o, "tolerance_ulps", gc_json_num(f->tol_ulps));
    bad |= gc_json_set(o, "f", gc_json_num(f->f_decl));
    bad |= gc_json_set(o, "f_reference", gc_json_num(f->f_ref));
    if (!isnan(f->left)) {
        bad |= gc_json_set(o, "left", gc_json_num(f->left));
        bad |= gc_json_set(o, "right", gc_json_num(f->right));
    }
    if (!isnan(f->fd_same))
        bad |= gc_json_set(o, "same_precision_fd", gc_json_num(f->fd_same));
    bad |= gc_json_set(o, "fe_f", fe_list(f->fe_f));
    bad |= gc_json_set(o, "fe_df", fe_list(f->fe_df));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *result_json(const struct gc_result *r)
{
    json_t *o = json_object(), *regions = json_array(), *counts = json_object();
    json_t *flags = json_array(), *tol = json_object();
    int bad = !o || !regions || !counts || !flags || !tol;
    if (bad)
        goto fail;
    bad |= gc_json_set(o, "activation", json_string(r->act->name));
    bad |= gc_json_set(o, "source", json_string(r->source ? r->source : "builtin"));
    bad |= gc_json_set(o, "precision", json_string(gc_fp_format(r->prec)->name));
    bad |= gc_json_set(o, "skipped", json_boolean(r->skipped));
    bad |= gc_json_set(o, "points", json_integer((json_int_t)r->points));
    bad |= gc_json_set(o, "exhaustive", json_boolean(r->exhaustive));
    bad |= gc_json_set(o, "partial", json_boolean(r->partial));
    bad |= gc_json_set(o, "coverage", json_real(r->coverage));
    bad |= gc_json_set(o, "mismatches", json_integer((json_int_t)r->mismatches));
    bad |= gc_json_set(o, "reference_disagreements", json_integer((json_int_t)r->fd_disagreements));
    bad |= gc_json_set(o, "max_ulp_error", gc_json_num(r->max_ulp_error));
    bad |= gc_json_set(o, "median_ulp_error", gc_json_num(r->median_ulp_error));
    bad |= gc_json_set(o, "max_rel_error", gc_json_num(r->max_rel_error));
    if (r->has_worst) {
        json_t *w = json_object();
        bad |= !w;
        bad |= gc_json_set(w, "x", gc_json_num(r->worst.x));
        bad |= gc_json_set(w, "x_hex", hex(r->worst.x));
        bad |= gc_json_set(w, "declared", gc_json_num(r->worst.declared));
        bad |= gc_json_set(w, "reference", gc_json_num(r->worst.reference));
        bad |= gc_json_set(w, "ulp_error", gc_json_num(r->worst.ulp_error));
        bad |= gc_json_set(w, "tolerance_ulps", gc_json_num(r->worst.tol_ulps));
        bad |= gc_json_set(o, "worst", w);
    } else {
        bad |= gc_json_set(o, "worst", json_null());
    }
    bad |= gc_json_set(tol, "ulps", json_real(r->tol.ulps));
    bad |= gc_json_set(tol, "backward_ulps", json_real(r->tol.backward_ulps));
    bad |= gc_json_set(tol, "scale_eps", json_real(r->tol.scale_eps));
    bad |= gc_json_set(o, "tolerance", tol);
    tol = NULL;
    for (int c = 0; c < GC_N_CLASSES; c++)
        bad |= gc_json_set(counts, gc_class_name((gc_class)c),
                   json_integer((json_int_t)r->count[c]));
    bad |= gc_json_set(o, "counts", counts);
    counts = NULL;
    for (size_t i = 0; i < r->n_regions && !bad; i++) {
        const struct gc_region *g = &r->regions[i];
        json_t *j = json_object();
        bad |= !j;
        bad |= gc_json_set(j, "kind", json_string(gc_class_name(g->cls)));
        bad |= gc_json_set(j, "function", json_string(g->function == GC_FN_F ? "f" : "df"));
        bad |= gc_json_set(j, "inherent", json_boolean(g->inherent));
        bad |= gc_json_set(j, "lo", gc_json_num(g->lo));
        bad |= gc_json_set(j, "hi", gc_json_num(g->hi));
        bad |= gc_json_set(j, "lo_hex", hex(g->lo));
        bad |= gc_json_set(j, "hi_hex", hex(g->hi));
        bad |= gc_json_set(j, "points", json_integer((json_int_t)g->count));
        bad |= gc_json_set(j, "fe", fe_list(g->fe));
        bad |= json_array_append_new(regions, j);
    }
    bad |= gc_json_set(o, "regions", regions);
    regions = NULL;
    for (size_t i = 0; i < r->n_flags && !bad; i++)
        if (gc_class_fails(r->flags[i].cls, r->flags[i].inherent)
            || r->flags[i].cls == GC_CLASS_KINK)
            bad |= json_array_append_new(flags, flag_json(&r->flags[i]));
    bad |= gc_json_set(o, "flags", flags);
    flags = NULL;
    {
        char buf[64];
        bad |= gc_json_set(o, "fe_f", json_string(gc_fe_names(r->fe_f, buf, sizeof buf)));
        bad |= gc_json_set(o, "fe_df", json_string(gc_fe_names(r->fe_df, buf, sizeof buf)));
    }
    if (r->depth_layer > 0) {
        json_t *d = json_object();
        bad |= !d;
        bad |= gc_json_set(d, "float32_overflow_layer", json_integer(r->depth_layer));
        bad |= gc_json_set(d, "sigma_w2", json_real(r->depth_sw2));
        bad |= gc_json_set(o, "depth_blowup", d);
    }
    bad |= gc_json_set(o, "verdict", json_string(gc_verdict_name(r->verdict)));
    if (r->verdict == GC_VERDICT_CRASH) {
        json_t *c = json_object();
        bad |= !c;
        bad |= gc_json_set(c, "signal", json_integer(r->crash_signal));
        bad |= gc_json_set(c, "signal_name", json_string(r->crash_signal ? strsignal(r->crash_signal) : ""));
        bad |= gc_json_set(c, "timed_out", json_boolean(r->timed_out));
        bad |= gc_json_set(c, "x", gc_json_num(r->crash_x));
        bad |= gc_json_set(c, "function", json_string(r->crash_what ? r->crash_what : "?"));
        bad |= gc_json_set(o, "crash", c);
    }
    if (!bad)
        return o;
fail:
    json_decref(o);
    json_decref(regions);
    json_decref(counts);
    json_decref(flags);
    json_decref(tol);
    return NULL;
}

gc_status gc_report_json(FILE *out, const struct gc_result *res, size_t n)
{
    json_t *root = json_object(), *meta = json_object(), *arr = json_array();
    gc_status st = GC_NOMEM;
    if (!root || !meta || !arr)
        goto done;
    if (gc_json_set(meta, "version", json_string(GC_VERSION_STRING)))
        goto done;
    if (json_object_set(root, "gradcheck", meta))
        goto done;
    for (size_t i = 0; i < n; i++) {
        json_t *r = result_json(&res[i]);
        if (!r || json_array_append_new(arr, r))
            goto done;
    }
    if (json_object_set(root, "results", arr))
        goto done;
    st = json_dumpf(root, out, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) == 0
             && fputc('\n', out) != EOF ? GC_OK : GC_IO;
done:
    json_decref(root);
    json_decref(meta);
    json_decref(arr);
    return st;
}
