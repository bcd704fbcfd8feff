/*
 * libcurl for Swift. curl_easy_setopt and curl_easy_getinfo are variadic C functions, which Swift
 * cannot call; these typed wrappers each pass one kind of argument. Only what the Mail module needs.
 */
#ifndef NEXBOARD_CCURL_SHIM_H
#define NEXBOARD_CCURL_SHIM_H

#include <curl/curl.h>

/** Size of the buffer CURLOPT_ERRORBUFFER writes into (CURL_ERROR_SIZE is a macro). */
static const int nb_curl_error_size = CURL_ERROR_SIZE;

static inline CURLcode nb_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

static inline CURLcode nb_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nb_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nb_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nb_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nb_curl_setopt_buffer(CURL *handle, CURLoption option, char *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*nb_curl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);

/** CURLOPT_READFUNCTION + CURLOPT_READDATA: where an upload's bytes come from. */
static inline CURLcode nb_curl_set_read(CURL *handle, nb_curl_read_callback callback, void *userdata) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_READDATA, userdata);
}

typedef int (*nb_curl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                         curl_off_t ultotal, curl_off_t ulnow);

/** CURLOPT_XFERINFOFUNCTION + data, with progress on: returning non-zero aborts the transfer. */
static inline CURLcode nb_curl_set_progress(CURL *handle, nb_curl_progress_callback callback, void *userdata) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = curl_easy_setopt(handle, CURLOPT_XFERINFODATA, userdata);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

typedef int (*nb_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);

/** CURLOPT_DEBUGFUNCTION + data, with CURLOPT_VERBOSE on (the callback replaces printing to stderr). */
static inline CURLcode nb_curl_set_debug(CURL *handle, nb_curl_debug_callback callback, void *userdata) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = curl_easy_setopt(handle, CURLOPT_DEBUGDATA, userdata);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);
}

static inline CURLcode nb_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
