/* Building replies: a growing text buffer, JSON bodies and the stable JSON errors
 * ({"error":"not_found","message":"..."}). */
#include "serve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void serve_buf_add(serve_buf *b, const char *s, size_t n)
{
    if (b->failed) {
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        char *p = realloc(b->data, cap);
        if (p == NULL) {
            b->failed = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void serve_buf_printf(serve_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
    } else if ((size_t)n < sizeof small) {
        serve_buf_add(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (big == NULL) {
            b->failed = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        serve_buf_add(b, big, (size_t)n);
        free(big);
    }
}

void serve_reply_json(serve_reply *out, unsigned status, json_object *o)
{
    const char *text =
        json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    size_t len = text ? strlen(text) : 0;
    char *body = text ? malloc(len + 2) : NULL;
    if (body == NULL) {
        json_object_put(o);
        *out = (serve_reply){500, "application/json", NULL, 0, 0, NULL};
        return;
    }
    memcpy(body, text, len);
    body[len++] = '\n';
    body[len] = '\0';
    json_object_put(o);
    *out = (serve_reply){status, "application/json", body, len, 0, NULL};
}

void serve_reply_error(serve_reply *out, unsigned status, const char *code, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_object *o = json_object_new_object();
    json_object_object_add(o, "error", json_object_new_string(code));
    json_object_object_add(o, "message", json_object_new_string(msg));
    serve_reply_json(out, status, o);
}

void serve_reply_buf(serve_reply *out, unsigned status, serve_buf *b)
{
    serve_buf_add(b, "\n", 1);
    if (b->failed) {
        free(b->data);
        *out = (serve_reply){500, "application/json", NULL, 0, 0, NULL};
        return;
    }
    *out = (serve_reply){status, "application/json", b->data, b->len, 0, NULL};
    b->data = NULL;
}
