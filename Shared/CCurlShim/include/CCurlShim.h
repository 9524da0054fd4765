// Swift cannot call C variadic functions, and curl_easy_setopt,
// curl_easy_getinfo and curl_global_init's flag macros are exactly that.
// These fixed-signature wrappers give Swift one callable symbol per
// argument type; they add nothing else.
#ifndef CCURLSHIM_H
#define CCURLSHIM_H

#include <curl/curl.h>

static inline CURLcode cg_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cg_setopt_str(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cg_setopt_ptr(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cg_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cg_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// curl_global_init(CURL_GLOBAL_DEFAULT): call once, before any thread starts.
static inline CURLcode cg_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/// Makes the handle drop the response body instead of writing it to stdout
/// (libcurl's default write function). Defined in shim.c: it installs a C
/// callback, which Swift would otherwise need a @convention(c) thunk for.
CURLcode cg_discard_response_body(CURL *handle);

#endif
