/* Charts as inline SVG: grouped vertical bars and a line through points. Each chart carries
 * data-chart (its id) and each bar or point its value in data-value, so a test (or a person
 * with the developer tools) can read the numbers back. */
#include "report.h"

#include <math.h>
#include <string.h>

#define W 720
#define H 300
#define L 64 /* room for the y labels */
#define R 16
#define T 16
#define B 56 /* room for the x labels */

void report_html_text(FILE *f, const char *s)
{
    for (; s != NULL && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* A "nice" grid step (1, 2, 2.5 or 5 times a power of ten) giving about four steps to v. */
static double nice_step(double v)
{
    if (!(v > 0)) {
        return 0.25;
    }
    double raw = v / 4, p = pow(10, floor(log10(raw)));
    return raw <= p         ? p
           : raw <= 2 * p   ? 2 * p
           : raw <= 2.5 * p ? 2.5 * p
           : raw <= 5 * p   ? 5 * p
                            : 10 * p;
}

static double nice_top(double v)
{
    double step = nice_step(v);
    return v > 0 ? ceil(v / step - 1e-9) * step : 1;
}

static void open_svg(FILE *f, const char *id, const char *title)
{
    fprintf(f,
            "<svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\" "
            "aria-label=\"",
            id, W, H);
    report_html_text(f, title);
    fprintf(f, "\">\n<title>");
    report_html_text(f, title);
    fprintf(f, "</title>\n");
}

static void y_axis(FILE *f, double top, int t, const char *label)
{
    double step = nice_step(top);
    for (double v = 0; v <= top * (1 + 1e-9); v += step) {
        double y = t + (H - t - B) * (1 - v / top);
        fprintf(f, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", L, W - R,
                y, y);
        fprintf(f, "<text class=\"ylab\" x=\"%d\" y=\"%.1f\">%g</text>\n", L - 6, y + 4, v);
    }
    fprintf(f, "<text class=\"axis-title\" x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\">",
            (t + H - B) / 2, (t + H - B) / 2);
    report_html_text(f, label);
    fprintf(f, "</text>\n");
}

void report_svg_bars(FILE *f, const char *chart_id, const char *title, const char *const *labels,
                     size_t count, const report_series *series, size_t nseries, const char *y_label)
{
    double top = 0;
    for (size_t s = 0; s < nseries; s++) {
        for (size_t i = 0; i < count; i++) {
            if (isfinite(series[s].values[i]) && series[s].values[i] > top) {
                top = series[s].values[i];
            }
        }
    }
    top = nice_top(top);
    int t = nseries > 1 ? T + 22 : T; /* room for the legend above the bars */
    open_svg(f, chart_id, title);
    y_axis(f, top, t, y_label);
    double slot = (double)(W - L - R) / (double)(count ? count : 1);
    size_t longest = 0;
    for (size_t i = 0; i < count; i++) {
        longest = strlen(labels[i]) > longest ? strlen(labels[i]) : longest;
    }
    int flat = (double)longest * 7.0 < slot; /* labels fit side by side: no rotation */
    double bar = slot * 0.8 / (double)(nseries ? nseries : 1);
    int every = count > 24 ? (int)((count + 23) / 24) : 1; /* thin out crowded labels */
    for (size_t i = 0; i < count; i++) {
        for (size_t s = 0; s < nseries; s++) {
            double v = series[s].values[i];
            double hgt = isfinite(v) ? v / top * (H - t - B) : 0;
            double x = L + slot * (double)i + slot * 0.1 + bar * (double)s;
            fprintf(f,
                    "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    "data-label=\"",
                    series[s].css, x, (double)H - B - hgt, bar, hgt);
            report_html_text(f, labels[i]);
            fprintf(f, "\" data-series=\"");
            report_html_text(f, series[s].label);
            fprintf(f, "\" data-value=\"%.17g\"><title>", v);
            report_html_text(f, labels[i]);
            fprintf(f, " (");
            report_html_text(f, series[s].label);
            fprintf(f, "): %g</title></rect>\n", v);
        }
        if (flat) {
            fprintf(f, "<text class=\"xtick\" x=\"%.1f\" y=\"%d\">", L + slot * ((double)i + 0.5),
                    H - B + 18);
            report_html_text(f, labels[i]);
            fprintf(f, "</text>\n");
        } else if (i % (size_t)every == 0) {
            double cx = L + slot * ((double)i + 0.5);
            fprintf(f,
                    "<text class=\"xlab\" x=\"%.1f\" y=\"%d\" transform=\"rotate(-40 %.1f %d)\">",
                    cx, H - B + 14, cx, H - B + 14);
            report_html_text(f, labels[i]);
            fprintf(f, "</text>\n");
        }
    }
    if (nseries > 1) { /* legend */
        for (size_t s = 0; s < nseries; s++) {
            fprintf(f,
                    "<rect class=\"%s\" x=\"%zu\" y=\"%d\" width=\"12\" height=\"12\"/>"
                    "<text class=\"legend\" x=\"%zu\" y=\"%d\">",
                    series[s].css, (size_t)W - R - 260 + s * 130, T - 6,
                    (size_t)W - R - 244 + s * 130, T + 5);
            report_html_text(f, series[s].label);
            fprintf(f, "</text>\n");
        }
    }
    fprintf(f, "</svg>\n");
}

void report_svg_line(FILE *f, const char *chart_id, const char *title, const double *x,
                     const double *y, size_t count, int log_x, const char *x_label,
                     const char *y_label)
{
    double x0 = INFINITY, x1 = -INFINITY, ytop = 0;
    for (size_t i = 0; i < count; i++) {
        double xv = log_x ? log10(x[i]) : x[i];
        if (isfinite(xv)) {
            x0 = xv < x0 ? xv : x0;
            x1 = xv > x1 ? xv : x1;
        }
        ytop = y[i] > ytop ? y[i] : ytop;
    }
    if (!(x1 > x0)) {
        x0 = isfinite(x0) ? x0 - 1 : 0;
        x1 = x0 + 2;
    }
    ytop = nice_top(ytop);
    open_svg(f, chart_id, title);
    y_axis(f, ytop, T, y_label);
    fprintf(f, "<polyline class=\"line\" points=\"");
    for (size_t i = 0; i < count; i++) {
        double xv = log_x ? log10(x[i]) : x[i];
        if (isfinite(xv)) {
            fprintf(f, "%.1f,%.1f ", L + (xv - x0) / (x1 - x0) * (W - L - R),
                    T + (H - T - B) * (1 - y[i] / ytop));
        }
    }
    fprintf(f, "\"/>\n");
    for (size_t i = 0; i < count; i++) {
        double xv = log_x ? log10(x[i]) : x[i];
        if (isfinite(xv)) {
            fprintf(f,
                    "<circle class=\"pt\" r=\"2\" cx=\"%.1f\" cy=\"%.1f\" data-x=\"%.17g\" "
                    "data-value=\"%.17g\"/>\n",
                    L + (xv - x0) / (x1 - x0) * (W - L - R), T + (H - T - B) * (1 - y[i] / ytop),
                    x[i], y[i]);
        }
    }
    for (int i = 0; i <= 4; i++) { /* x ticks */
        double xv = x0 + (x1 - x0) * i / 4;
        fprintf(f, "<text class=\"xtick\" x=\"%.1f\" y=\"%d\">%.3g</text>\n",
                L + (W - L - R) * i / 4.0, H - B + 18, log_x ? pow(10, xv) : xv);
    }
    fprintf(f, "<text class=\"axis-title\" x=\"%d\" y=\"%d\">", (L + W - R) / 2, H - 12);
    report_html_text(f, x_label);
    fprintf(f, "</text>\n</svg>\n");
}
