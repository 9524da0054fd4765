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

static inline CURLcode cg_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cg_setopt_share(CURL *handle, CURLSH *share) {
    return curl_easy_setopt(handle, CURLOPT_SHARE, share);
}

/// CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION: a function pointer must
/// go through the varargs as a function pointer, not as a `void *`.
static inline CURLcode cg_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/// CURLOPT_OPENSOCKETFUNCTION: decides, per address libcurl is about to
/// connect to, whether a socket is opened at all.
static inline CURLcode cg_setopt_opensocket_function(CURL *handle, curl_opensocket_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback);
}

/// The address inside a `struct curl_sockaddr` (Swift cannot take the
/// address of the flexible `addr` member portably).
static inline const void *cg_sockaddr_address(const struct curl_sockaddr *address) {
    return &address->addr;
}

/// CURLINFO_ACTIVESOCKET and friends.
static inline CURLcode cg_getinfo_socket(CURL *handle, CURLINFO info, curl_socket_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode cg_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode cg_multi_setopt_ptr(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode cg_multi_setopt_socket_function(CURLM *multi, curl_socket_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}

static inline CURLMcode cg_multi_setopt_timer_function(CURLM *multi, curl_multi_timer_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
}

/// curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT): the
/// handles using `share` get the share's own connection cache.
static inline CURLSHcode cg_share_connections(CURLSH *share) {
    return curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
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
