#include "CCurlShim.h"

/// Accepts and drops every byte: webhook receivers' reply bodies are not used.
static size_t cg_discard(char *data, size_t size, size_t count, void *context) {
    (void)data;
    (void)context;
    return size * count;
}

CURLcode cg_discard_response_body(CURL *handle) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, cg_discard);
}
